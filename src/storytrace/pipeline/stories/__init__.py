"""Story clustering: group articles into the real-world events they report, across languages, as they stream in."""

from storytrace.pipeline.stories.cluster import ClusterConfig, StoryClusterer, StoryDoc

__all__ = ["ClusterConfig", "StoryClusterer", "StoryDoc"]

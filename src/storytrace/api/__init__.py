"""HTTP shell over `storytrace.Corpus`: a JSON API under `/api` and server-rendered web pages."""

from storytrace.api.app import create_app

__all__ = ["create_app"]

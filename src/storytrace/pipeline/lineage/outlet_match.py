"""Does a credited name denote an article's outlet? ("MP", "Meridian Press", "meridian-press.com")

Outlet fields hold domains or site names, credits hold names as written; the alias table resolves
the outlets it knows, and letter forms and initials match the ones it does not.
"""

from __future__ import annotations

import re
from functools import lru_cache

from storytrace.pipeline.lineage.outlets import alias_key, canonical_outlet, outlet_for_domain


def outlet_name(outlet: str | None) -> str | None:
    """The canonical media name of an article's outlet field (a domain or a site name)."""
    if not outlet:
        return None
    return outlet_for_domain(outlet) or canonical_outlet(outlet) or outlet


def _name_forms(name: str) -> set[str]:
    """Letters-only forms of a name, domain suffix dropped, plus its initials:
    "meridian-press.com", "Meridian Press" and "MP" share a form."""
    key = alias_key(name)
    if "." in name and " " not in name.strip():
        key = key.split(".")[0]
    words = [w for w in re.split(r"[^a-z0-9]+", key) if w]
    forms = {"".join(words)}
    if len(words) > 1:
        forms.add("".join(w[0] for w in words))
    return forms - {""}


@lru_cache(maxsize=65536)  # a story repeats the same few (credit, outlet) pairs thousands of times
def is_own_outlet(credited: str, outlet: str | None) -> bool:
    """Whether a credited name is the article's own outlet (a wire's own story credits itself)."""
    if not outlet:
        return False
    return credited == outlet_name(outlet) or bool(_name_forms(credited) & _name_forms(outlet))

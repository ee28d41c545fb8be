"""The MEANTIME entity evaluation's reader and scores, on a fictional CAT XML article (no ../shared needed)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "evaluation"))

from entities_meantime import coreference, load_article, match  # noqa: E402

from storytrace.pipeline.nlp.entities import Mention  # noqa: E402

TOKENS = [
    (0, "Velmor"), (0, "Motors"), (0, "expands"),
    (1, "June"), (1, "3"), (1, ","), (1, "2011"),
    (2, "Velmor"), (2, "Motors"), (2, "("), (2, "VM"), (2, ")"), (2, "said"), (2, "``"), (2, "yes"), (2, "''"),
    (2, "."), (3, "VM"), (3, "'s"), (3, "chief"), (3, "spoke"), (3, "."),
]  # fmt: skip


def _document() -> str:
    tokens = "\n".join(
        f'<token number="{i}" sentence="{s}" t_id="{i + 1}">{text}</token>' for i, (s, text) in enumerate(TOKENS)
    )
    return f"""<?xml version="1.0" ?><Document doc_id="7" doc_name="7_Velmor" lang="en">
{tokens}
<Markables>
<ENTITY_MENTION m_id="1" syntactic_type="NAM"><token_anchor t_id="1"/><token_anchor t_id="2"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="2" syntactic_type="NAM"><token_anchor t_id="8"/><token_anchor t_id="9"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="3" syntactic_type="NAM"><token_anchor t_id="11"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="4" syntactic_type="PRE.NAM"><token_anchor t_id="18"/></ENTITY_MENTION>
<ENTITY_MENTION m_id="5" syntactic_type="NOM"><token_anchor t_id="20"/></ENTITY_MENTION>
<TIMEX3 functionInDocument="CREATION_TIME" m_id="6" type="DATE" value="03-06-2011"/>
<ENTITY TAG_DESCRIPTOR="Velmor Motors" ent_type="ORG" instance_id="ORG1" m_id="10"/>
<ENTITY TAG_DESCRIPTOR="chief" ent_type="PER" m_id="11"/>
</Markables>
<Relations>
<REFERS_TO r_id="1"><source m_id="1"/><source m_id="2"/><source m_id="3"/><source m_id="4"/>
<target m_id="10"/></REFERS_TO>
<REFERS_TO r_id="2"><source m_id="5"/><target m_id="11"/></REFERS_TO>
</Relations>
</Document>"""


def test_an_article_is_rebuilt_as_text_with_its_named_mentions_and_date(tmp_path: Path) -> None:
    path = tmp_path / "corpus_cars" / "7_Velmor.xml"
    path.parent.mkdir()
    path.write_text(_document(), encoding="utf-8")
    article = load_article(path)
    assert article.text == "Velmor Motors expands\nJune 3, 2011\nVelmor Motors (VM) said ``yes''.\nVM's chief spoke."
    assert article.published == dt.date(2011, 6, 3)  # the DCT written day-month-year, as a few MEANTIME DCTs are
    assert article.corpus == "corpus_cars"
    assert [(m.text, m.entity, m.syntactic_type) for m in article.named] == [
        ("Velmor Motors", "ORG1", "NAM"),
        ("Velmor Motors", "ORG1", "NAM"),
        ("VM", "ORG1", "NAM"),
        ("VM", "ORG1", "PRE.NAM"),
    ]  # the description "chief" is not a named mention, but it is an annotated one
    assert len(article.annotated) == 5


def test_gold_mentions_take_the_predicted_mention_overlapping_them_most(tmp_path: Path) -> None:
    path = tmp_path / "corpus_cars" / "7_Velmor.xml"
    path.parent.mkdir()
    path.write_text(_document(), encoding="utf-8")
    article = load_article(path)
    start = article.text.index("VM)")
    predicted = [(Mention(start - 15, start + 2, article.text[start - 15 : start + 2], "ORG"), "E1")]
    matched = match(article.named, predicted)
    assert list(matched) == [1]  # "Velmor Motors (VM" overlaps the second name most; each prediction counts once


def test_coreference_scores_reward_joining_and_punish_merging() -> None:
    key = {"a": "x", "b": "x", "c": "y"}
    assert coreference(key, {"a": "1", "b": "1", "c": "2"})["conll_f1"] == 1.0
    merged = coreference(key, {"a": "1", "b": "1", "c": "1"})
    split = coreference(key, {"a": "1", "b": "2", "c": "3"})
    assert merged["b3_p"] < 1.0 and merged["b3_r"] == 1.0
    assert split["b3_r"] < 1.0 and split["b3_p"] == 1.0


import pandas as pd

from apology_clf.data.corpus import SPLITS as SPLITS_NAMES
from apology_clf.data.corpus import near_duplicate_pairs, split_corpus


def test_near_duplicates_are_found_and_different_texts_are_not():
    texts = [
        "Het spijt ons dat uw pakket niet op tijd is bezorgd.",
        "Het spijt ons dat uw pakket niet op tijd is bezorgd!",
        "Wij storten het bedrag van € 15 vandaag terug op uw rekening.",
    ]
    pairs = near_duplicate_pairs(texts)
    assert [(i, j) for i, j, _ in pairs] == [(0, 1)]


def test_split_keeps_groups_contexts_and_near_duplicates_together():
    rows = []
    for g in range(40):
        complaint = f"Klacht nummer {g}: mijn bestelling {g * 7919} is niet aangekomen."
        rows += [
            {"id": f"{g}a", "group": f"g{g}", "context": complaint, "text": f"Antwoord A {g}"},
            {"id": f"{g}b", "group": f"g{g}", "context": complaint, "text": f"Reply B {g}"},
        ]
    rows.append(
        {
            "id": "dup1",
            "group": "x",
            "context": "",
            "text": "Sorry voor de vertraging van uw levering vandaag.",
        }
    )
    rows.append(
        {
            "id": "dup2",
            "group": "y",
            "context": "",
            "text": "Sorry voor de vertraging van uw levering vandaag!",
        }
    )
    splits = split_corpus(pd.DataFrame(rows), seed=1)
    where = {r: name for name, part in splits.items() for r in part["id"]}
    assert sum(len(p) for p in splits.values()) == len(rows)
    for g in range(40):
        assert where[f"{g}a"] == where[f"{g}b"]
    assert where["dup1"] == where["dup2"]
    assert 50 <= len(splits["train"]) <= 64  # about 70%


def test_the_shipped_corpus_keeps_the_datasheet_promises():
    """data/README.md: every row names its register (`channel`), the splits hold the whole
    corpus once, and both waves keep every level of every dimension on at least 20% of rows."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "data"
    written = pd.concat(
        [pd.read_json(p, lines=True) for p in sorted((root / "handwritten").glob("*.jsonl"))]
    )
    splits = pd.concat(
        [pd.read_json(root / "labelled" / f"{s}.jsonl", lines=True) for s in SPLITS_NAMES]
    )
    assert len(written) >= 3000 and written["id"].is_unique
    assert sorted(splits["id"]) == sorted(written["id"])
    assert written["channel"].notna().all() and (written["channel"].str.len() > 0).all()
    wave2 = written["id"].str.extract(r"hw-b(\d+)-")[0].astype(int) > 60
    assert (written.loc[wave2, "variant"] == "be").mean() >= 0.40
    for part in (written[wave2], written[~wave2]):
        for dim in ("sincerity", "empathy", "responsibility", "next_steps"):
            assert part[dim].value_counts(normalize=True).reindex(range(3)).min() >= 0.20

import pytest

from apology_clf.errors import InputError
from apology_clf.schema import LabelSchema


def test_default_schema_is_the_rubric():
    schema = LabelSchema.load()
    assert schema.names == ["sincerity", "empathy", "responsibility", "next_steps"]
    assert all(d.n_levels == 3 for d in schema.dimensions)


def test_overall_score_is_mean_level_scaled_to_100():
    schema = LabelSchema.load()
    assert schema.overall(dict.fromkeys(schema.names, 2)) == 100
    assert schema.overall(dict.fromkeys(schema.names, 0)) == 0
    assert (
        schema.overall({"sincerity": 2, "empathy": 1, "responsibility": 1, "next_steps": 0}) == 50
    )


def test_custom_schema_binary_and_five_levels(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "dimensions:\n  - {name: polite, levels: [no, yes]}\n  - {name: tone, levels: 5}\n"
    )
    schema = LabelSchema.load(path)
    assert [d.n_levels for d in schema.dimensions] == [2, 5]
    # the binary dimension counts fully at level 1, the 5-level one at level 4
    assert schema.overall({"polite": 1, "tone": 4}) == 100
    assert schema.overall({"polite": 0, "tone": 2}) == 25


def test_schema_json_round_trip(tmp_path):
    schema = LabelSchema.load()
    schema.save(tmp_path / "schema.json")
    assert LabelSchema.load(tmp_path / "schema.json") == schema


@pytest.mark.parametrize(
    "body, message",
    [
        ("dimensions: []\n", "empty"),
        ("dimensions:\n  - {name: a, levels: [x]}\n", "at least 2 levels"),
        ("dimensions:\n  - {name: a b, levels: 3}\n", "identifier"),
        ("dimensions:\n  - {name: a, levels: 3}\n  - {name: a, levels: 2}\n", "unique"),
        ("just text\n", "'dimensions'"),
    ],
)
def test_bad_schema_names_the_file(tmp_path, body, message):
    path = tmp_path / "bad.yaml"
    path.write_text(body)
    with pytest.raises(InputError, match=message) as err:
        LabelSchema.load(path)
    assert "bad.yaml" in str(err.value)

from transformers import AutoTokenizer

from apology_clf.model.encoding import MIN_CONTEXT_TOKENS, collate, encode


def test_tokenizer_round_trips_dutch_text(tiny_base):
    tok = AutoTokenizer.from_pretrained(tiny_base)
    text = "Het spijt ons écht dat uw pakket (€ 23,50) zoek is — beëindigd?"
    ids = tok(text)["input_ids"]
    assert len(tok) > 300  # a learned vocabulary, not an empty byte-only tokenizer
    assert tok.decode(ids, skip_special_tokens=True) == text


def test_context_is_truncated_before_the_reply(tiny_base):
    tok = AutoTokenizer.from_pretrained(tiny_base)
    reply, context = "Het spijt ons echt.", "Mijn pakket is zoek! " * 40
    [ids] = encode(tok, [reply], [context], max_length=64)
    assert len(ids) == 64
    reply_ids = tok(reply, add_special_tokens=False)["input_ids"]
    assert ids[1 : 1 + len(reply_ids)] == reply_ids  # the whole reply survives


def test_long_reply_is_encoded_alone(tiny_base):
    tok = AutoTokenizer.from_pretrained(tiny_base)
    reply = "Wij hebben een fout gemaakt. " * 30
    [with_ctx] = encode(tok, [reply], ["Waarom?"], max_length=64)
    [alone] = encode(tok, [reply], None, max_length=64)
    assert with_ctx == alone and len(alone) == 64
    assert MIN_CONTEXT_TOKENS < 64


def test_collate_pads_to_longest_row():
    batch = collate([[0, 5, 2], [0, 2]], pad_id=1)
    assert batch["input_ids"].tolist() == [[0, 5, 2], [0, 2, 1]]
    assert batch["attention_mask"].tolist() == [[1, 1, 1], [1, 1, 0]]


def test_nothing_to_encode(tiny_base):
    assert encode(AutoTokenizer.from_pretrained(tiny_base), [], None, max_length=64) == []

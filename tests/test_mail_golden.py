"""Golden tests: varied Dutch (and English) e-mails with the exact text the agent wrote."""

import email
from email import policy

import pytest
from mail_builders import html_only, plain, raw_bytes, with_attachment

from apology_clf.mail.body import extract_reply

R = (
    "Beste mevrouw Jansen,\n\nHet spijt ons dat uw pakket te laat is.\n\n"
    "Met vriendelijke groet,\nSanne"
)

GOLDEN = {
    "gmail_nl": (
        R + "\n\nOp ma 6 okt 2026 om 09:12 schreef Piet Jansen <piet@example.nl>:\n"
        "> Mijn pakket is te laat!\n",
        R,
    ),
    "gmail_nl_wrapped_quote": (
        R + "\n\nOp ma 6 okt 2026 om 09:12 schreef Piet Jansen <\n"
        "piet@example.nl>:\n\n> Waar blijft mijn pakket?\n",
        R,
    ),
    "apple_mail_nl": (
        R + "\n\nOp 6 okt. 2026 om 09:12 heeft Piet Jansen <piet@example.nl> het "
        "volgende geschreven:\n\n> Mijn pakket!\n",
        R,
    ),
    "outlook_nl_header_block": (
        R + "\n\nVan: Piet Jansen <piet@example.nl>\nVerzonden: maandag 6 "
        "oktober 2026 09:12\nAan: Service <service@shop.nl>\nOnderwerp: "
        "Klacht\n\nMijn pakket is te laat.\n",
        R,
    ),
    "outlook_rule_and_bold_header": (
        R + "\n\n________________________________\n*Van:* Piet "
        "<piet@example.nl>\n*Verzonden:* 6 oktober 2026\n*Aan:* "
        "service\n\nklacht\n",
        R,
    ),
    "oorspronkelijk_bericht": (
        R + "\n\n-----Oorspronkelijk bericht-----\nVan: Piet\nAan: service\n\nKlacht\n",
        R,
    ),
    "english_client_header": (
        R + "\n\nOn Mon, 6 Oct 2026 at 09:12, Piet Jansen "
        "<piet@example.nl> wrote:\n> My parcel is late\n",
        R,
    ),
    "english_outlook_header": (
        R + "\n\nFrom: Piet Jansen\nSent: Monday, October 6, 2026 9:12 AM"
        "\nTo: Service\nSubject: Complaint\n\nLate!\n",
        R,
    ),
    "forwarded_block": (
        R + "\n\n---------- Doorgestuurd bericht ---------\nVan: Piet\n"
        "Datum: 6 okt 2026\nOnderwerp: Klacht\n\nTekst\n",
        R,
    ),
    "begin_doorgestuurd": (R + "\n\nBegin doorgestuurd bericht:\n\nVan: Piet\nOnderwerp: x\n", R),
    "bottom_posting": ("Op ma 6 okt 2026 om 09:12 schreef Piet <piet@example.nl>:\n", ""),
    "bottom_posted_after_quote": ("> Mijn pakket is te laat!\n> Groet, Piet\n\n" + R + "\n", R),
    "inline_answers": (
        "Hallo Piet,\n\n> Waar is mijn pakket?\nHet ligt bij het afhaalpunt.\n\n"
        "> Krijg ik mijn geld terug?\nJa, € 4,95 vandaag.\n\nGroet,\nBas\n",
        "Hallo Piet,\n\nHet ligt bij het afhaalpunt.\n\nJa, € 4,95 vandaag.\n\nGroet,\nBas",
    ),
    "signature_contact_block": (
        R + "\nKlantenservice Pakketpost\nT: 020 123 4567\n"
        "E: service@pakketpost.nl\nwww.pakketpost.nl\n",
        R + "\nKlantenservice Pakketpost",
    ),
    "company_line_with_legal_form": (
        R + "\nPakketpost B.V.\nT: 020 123 4567\n\nAan dit bericht kunnen geen rechten "
        "worden ontleend.\n",
        R,
    ),
    "customer_initial_kept": (
        "Waar blijft mijn geld?\n\nM. van Dijk\n",
        "Waar blijft mijn geld?\n\nM. van Dijk",
    ),
    "signature_delimiter": (R + "\n-- \nSanne de Vries | Teamleider\nPakketpost B.V.\n", R),
    "disclaimer_nl": (
        R + "\n\nDit bericht is uitsluitend bestemd voor de geadresseerde. Als u "
        "dit bericht onterecht ontvangt, wordt u verzocht de inhoud niet te "
        "gebruiken.\n",
        R,
    ),
    "disclaimer_rechten": (R + "\n\nAan dit bericht kunnen geen rechten worden ontleend.\n", R),
    "disclaimer_english": (
        R + "\n\nThis e-mail is confidential and intended solely for the addressee.\n",
        R,
    ),
    "sent_from_iphone": (
        "Sorry Piet, ik bel je morgen om 10 uur.\n\nVerzonden vanaf mijn iPhone\n",
        "Sorry Piet, ik bel je morgen om 10 uur.",
    ),
    "flemish_gsm_signature": (
        "Dag mevrouw Peeters,\n\nExcuses, de technieker komt "
        "donderdag.\n\nMet vriendelijke groeten,\nJoke\nGSM: 0470 12 34 56"
        "\n\nVan: An Peeters\nVerzonden: 6 oktober 2026\nAan: Proxi\n",
        "Dag mevrouw Peeters,\n\nExcuses, de technieker komt "
        "donderdag.\n\nMet vriendelijke groeten,\nJoke",
    ),
    "chat_one_liner": (
        "Sorry voor het wachten, je pakket gaat vandaag mee.\n",
        "Sorry voor het wachten, je pakket gaat vandaag mee.",
    ),
    "crlf_line_endings": (
        "Hoi Piet,\r\n\r\nSorry!\r\n\r\nGroet, Bas\r\n",
        "Hoi Piet,\n\nSorry!\n\nGroet, Bas",
    ),
    "address_lines": (
        R + "\nPakketpost\nPostbus 123\n1000 AB Amsterdam\n",
        R + "\nPakketpost\nPostbus 123",
    ),
    "french_client_header": (
        R + "\n\nLe lun. 6 oct. 2026 à 09:12, Piet <piet@example.be> a écrit :\n> Colis\n",
        R,
    ),
}


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_plain_text_golden(name):
    body, expected = GOLDEN[name]
    assert extract_reply(plain(body)) == expected


def test_html_only_gmail_quote_removed():
    html = (
        "<div dir='ltr'><p>Beste mevrouw Jansen,</p><p>Het spijt ons dat uw pakket te laat "
        "is.</p><p>Met vriendelijke groet,<br>Sanne</p></div><div class='gmail_quote'>"
        "<div>Op ma 6 okt schreef Piet:</div><blockquote>Mijn pakket!</blockquote></div>"
    )
    assert extract_reply(html_only(html)) == R


def test_html_only_outlook_with_style_and_entities():
    html = (
        "<html><head><style>p{color:red}</style></head><body><p>Beste Piet,</p>"
        "<p>Excuses &amp; we storten &euro;&nbsp;15 terug.</p><p>Groet,<br/>Bas</p>"
        "<div id='appendonsend'></div><hr><div id='divRplyFwdMsg'><b>Van:</b> Piet<br>"
        "<b>Verzonden:</b> maandag<br><b>Aan:</b> service</div><div>oude tekst</div>"
        "</body></html>"
    )
    assert (
        extract_reply(html_only(html))
        == "Beste Piet,\n\nExcuses & we storten € 15 terug.\n\nGroet,\nBas"
    )


@pytest.mark.parametrize("cte", ["quoted-printable", "base64"])
def test_transfer_encodings(cte):
    body = "Beste Piet,\n\nHet spijt me écht; we storten € 12,50 terug.\n\nGroet, Anouk\n"
    assert extract_reply(plain(body, cte=cte)) == body.strip()


@pytest.mark.parametrize(
    "data, declared",
    [
        ("Excuses, de levering wordt hersteld – € 20 retour.".encode("cp1252"), "windows-1252"),
        ("Excuses voor de vertraging, ook voor uw reünie.".encode("latin-1"), "iso-8859-1"),
        ("\ufeffExcuses, uw coupé is donderdag klaar.".encode("utf-8"), "utf-8"),
        ("Excuses, één dag vertraging.".encode(), "iso-8859-1"),  # mislabelled
        ("Excuses – € 5 retour.".encode("cp1252"), "utf-8"),  # mislabelled the other way
        ("Excuses, uw reünie.".encode("cp1252"), "x-unknown-charset"),
    ],
)
def test_charsets_and_mislabelled_charsets(data, declared):
    msg = email.message_from_bytes(raw_bytes(data, declared), policy=policy.default)
    text = extract_reply(msg)
    assert text == data.decode(
        "utf-8-sig"
        if declared == "utf-8" and data.startswith(b"\xef")
        else ("utf-8" if declared == "iso-8859-1" and b"\xc3" in data else "cp1252")
    )


def test_attachment_is_not_part_of_the_text():
    assert extract_reply(with_attachment("Sorry, de factuur is gecorrigeerd.")) == (
        "Sorry, de factuur is gecorrigeerd."
    )

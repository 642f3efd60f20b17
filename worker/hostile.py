# ruff: noqa: RUF001  (text in other scripts is the point of this module)
"""Hostile input: messages that try to break the worker, each with the outcome it must get.

Deterministic for a seed, like :mod:`worker.synthetic`. Every case has a unique Kafka key;
a case that must be enriched uses that key as its article id, so an output (enriched record
or dead letter) can always be matched to its input. The expected outcome is written down from
what the case is meant to be (truncated JSON is ``not_json`` unless the cut splits a UTF-8
character, and so on), never by running the parser, so the tests that use it are not
circular.

Categories: truncated JSON, invalid and mixed encodings, not JSON, not an object, wrong
types, deep nesting, huge strings, bodies over the size limit (5 MB and more), no text,
control characters, emoji, right-to-left scripts and bidi controls, other languages, HTML
bodies, ninjs variants.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from worker.errors import Reason
from worker.synthetic import article

ENRICHED = "enriched"


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile message and what must become of it."""

    key: bytes
    value: bytes
    category: str
    expect: str  # ENRICHED or a Reason value
    supported: bool | None = None  # for ENRICHED: is the language one the pipeline enriches?

    @property
    def dead_letter(self) -> bool:
        """True when the case must end up in the dead-letter topic."""
        return self.expect != ENRICHED


# One paragraph of news-style text per language (none of them enriched by an English pipeline).
FOREIGN: dict[str, str] = {
    "fr": "Les forces de sécurité ont arrêté plusieurs manifestants mardi dans la capitale, selon un "
    "responsable local. La police a indiqué que la situation était revenue au calme dans la soirée. "
    "Les habitants craignent de nouvelles violences dans les prochains jours, alors que les "
    "négociations entre le gouvernement et l'opposition restent au point mort.",
    "de": "Bei einem Anschlag auf einen Markt in der Stadt sind am Dienstag mindestens zwölf Menschen "
    "getötet worden, teilte die Polizei mit. Die Behörden haben eine Untersuchung eingeleitet und die "
    "Sicherheitsmaßnahmen verstärkt. Anwohner berichteten von Schüssen und großer Panik in den Straßen.",
    "es": "Al menos diez personas murieron el martes en un ataque contra un puesto de control de la "
    "policía, según informaron las autoridades locales. El gobierno ha prometido restablecer el orden, "
    "pero los críticos afirman que carece de los medios necesarios para hacerlo.",
    "ru": "Во вторник в результате нападения на полицейский пост погибли по меньшей мере десять "
    "человек, сообщили местные власти. Правительство пообещало восстановить порядок, однако критики "
    "утверждают, что у него нет для этого средств.",
    "uk": "У вівторок унаслідок нападу на поліцейський блокпост загинули щонайменше десять людей, "
    "повідомили місцеві органи влади. Уряд пообіцяв відновити порядок, але критики стверджують, що для "
    "цього в нього немає засобів.",
    "ar": "قُتل ما لا يقل عن عشرة أشخاص يوم الثلاثاء في هجوم على نقطة تفتيش تابعة للشرطة، بحسب ما "
    "أفادت السلطات المحلية. وتعهدت الحكومة باستعادة النظام، لكن المنتقدين يقولون إنها تفتقر إلى "
    "الوسائل اللازمة لذلك.",
    "he": "לפחות עשרה בני אדם נהרגו ביום שלישי בפיגוע במחסום משטרתי, כך מסרו הרשויות המקומיות. "
    "הממשלה הבטיחה להשיב את הסדר על כנו, אך המבקרים טוענים כי אין בידיה האמצעים לכך.",
    "fa": "دست‌کم ده نفر روز سه‌شنبه در حمله به یک ایست بازرسی پلیس کشته شدند، به گفته مقامات محلی. "
    "دولت وعده داده است که نظم را برقرار کند، اما منتقدان می‌گویند که ابزار لازم برای این کار را ندارد.",
    "zh": "据当地官员称，周二一处警察检查站遭到袭击，造成至少十人死亡。政府承诺恢复秩序，但批评人士表示，"
    "政府缺乏这样做的手段。居民们说，他们担心会发生更多暴力事件。",
    "ja": "地元当局によると、火曜日に警察の検問所が襲撃され、少なくとも10人が死亡した。政府は秩序の回復を"
    "約束したが、批評家らは政府にはそのための手段がないと指摘している。",
    "tr": "Yerel yetkililerin açıklamasına göre salı günü bir polis kontrol noktasına düzenlenen saldırıda "
    "en az on kişi hayatını kaybetti. Hükümet düzeni yeniden sağlama sözü verdi, ancak eleştirmenler "
    "hükümetin bunun için gerekli araçlara sahip olmadığını söylüyor.",
    "hi": "स्थानीय अधिकारियों के अनुसार मंगलवार को एक पुलिस चौकी पर हुए हमले में कम से कम दस लोग मारे गए। "
    "सरकार ने व्यवस्था बहाल करने का वादा किया है, लेकिन आलोचकों का कहना है कि उसके पास ऐसा करने के साधन "
    "नहीं हैं।",
}
RTL = ("ar", "he", "fa")
_EMOJI = ["🔥", "💥", "🚨", "😢", "👍🏽", "🇸🇾", "👨‍👩‍👧", "🏳️‍🌈", "❤️", "🕊️", "📰", "🤷‍♂️"]
_BIDI = ["\u200f", "\u200e", "\u202e", "\u202b", "\u2066", "\u2067", "\u2069", "\u202c"]
_CONTROLS = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85, 0x9B)]
_WRONG_TYPES: list[Any] = [42, 3.5, True, None, [], ["a", "list"], {"an": "object"}, -1, 1e300]


def corpus(seed: int = 0, *, copies: int = 1, huge: bool = True) -> list[Case]:
    """The hostile corpus: about 1,100 cases with ``copies=1``.

    Args:
        seed: Varies the generated text, never the categories or their counts.
        copies: Multiplies the cheap categories, for longer soak runs.
        huge: Include the cases of several megabytes (bodies over the size limit).

    Returns:
        The cases, in a seeded random order.

    """
    rng = random.Random(seed)
    cases: list[Case] = []
    counter = iter(range(10**9))

    def key(category: str) -> bytes:
        return f"hostile-{seed}-{category}-{next(counter)}".encode()

    for make in _MAKERS:
        for _ in range(copies):
            cases.extend(make(rng, key))
    if huge:
        cases.extend(_huge(rng, key))
    rng.shuffle(cases)
    return cases


KeyMaker = Callable[[str], bytes]


def _english(rng: random.Random, words: int = 60) -> str:
    return str(article(rng.randrange(10**6), words=words, seed=rng.randrange(10**6))["body"])


def _native(article_id: bytes, body: Any, **extra: Any) -> bytes:
    return orjson.dumps({"id": article_id.decode(), "body": body, **extra})


def _truncated(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    for i in range(150):
        k = key("truncated")
        body = _english(rng, 40) + (" 🔥 خبر" if i % 3 == 0 else "")
        whole = _native(k, body, headline="Truncated")
        cut = whole[: rng.randrange(1, len(whole) - 1)]  # never the closing brace: never complete
        try:
            cut.decode("utf-8")
        except UnicodeDecodeError:
            yield Case(k, cut, "truncated_json", Reason.NOT_UTF8)  # the cut split a character
        else:
            yield Case(k, cut, "truncated_json", Reason.NOT_JSON)


def _encodings(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    for i in range(120):
        k = key("encoding")
        text = rng.choice(["Café de la Paix attaqué à l'aube", "Ölçüm: Zürich & Malmö", "naïve façade — déjà vu"])
        variant = i % 5
        if variant == 0:  # the whole message in Latin-1
            value = f'{{"id": "{k.decode()}", "body": "{text}"}}'.encode("latin-1", "replace")
        elif variant == 1:  # UTF-8 with cp1252 smart quotes in the middle
            value = _native(k, text).replace(b'"body":"', b'"body":"\x93quoted\x94 ', 1)
        elif variant == 2:  # UTF-16 with a byte order mark
            value = _native(k, text).decode().encode("utf-16")
        elif variant == 3:  # an overlong encoding of "/" and a UTF-8-encoded surrogate
            value = _native(k, text)[:-2] + rng.choice([b"\xc0\xaf", b"\xed\xa0\x80"]) + b'"}'
        else:  # Shift-JIS
            value = f'{{"id": "{k.decode()}", "body": "東京で抗議デモ"}}'.encode("shift_jis")
        try:
            value.decode("utf-8")
        except UnicodeDecodeError:
            yield Case(k, value, "mixed_encoding", Reason.NOT_UTF8)
        else:  # some legacy bytes happen to be valid UTF-8: then they are not valid JSON
            yield Case(k, value, "mixed_encoding", Reason.NOT_JSON)
    for _ in range(10):  # UTF-16 without a byte order mark is valid UTF-8 (NUL bytes), not JSON
        k = key("encoding")
        yield Case(k, _native(k, "Plain text").decode().encode("utf-16-le"), "mixed_encoding", Reason.NOT_JSON)


def _not_json(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    samples = [
        b"",
        b" ",
        b"\n\t",
        b"NaN",
        b"undefined",
        b"{'id': 'single-quotes', 'body': 'text'}",
        b'{"id": "a", "body": "b",}',
        b'{"id": "a" "body": "b"}',
        b'{"id": "a", "body": "b"} trailing',
        b'{"id": "a", /* comment */ "body": "b"}',
        b'{"id": "a", "body": "\\ud800 lone surrogate"}',
        b'{"id": "a", "body": "bad \\x escape"}',
        b'{"id": "a", "body": "raw \x01 control in a string"}',
        b'{"id": "a", "body": 1e400}',
        b"<html><body>not json</body></html>",
        b"id=a&body=b",
        b"\x00\x00\x00\x00",
    ]
    for i in range(150):
        k = key("not_json")
        if i < len(samples):
            value = samples[i]
        elif i % 3 == 0:  # random printable noise
            value = "".join(rng.choice("{}[]:,\"'abc 123\\") for _ in range(rng.randrange(1, 200))).encode()
            value = value if not _is_json(value) else value + b"}"
        elif i % 3 == 1:  # nested deeper than any JSON parser here accepts
            depth = rng.randrange(1100, 5000)
            value = b'{"id": "deep", "body": ' + b"[" * depth + b"]" * depth + b"}"
        else:  # a valid article followed by a second document
            value = _native(k, _english(rng, 20)) + b"\n" + _native(k, "again")
        yield Case(k, value, "not_json", Reason.NOT_JSON)


def _is_json(value: bytes) -> bool:
    try:
        orjson.loads(value)
    except orjson.JSONDecodeError:
        return False
    return True


def _not_object(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    values: list[Any] = [[], [1, 2], "a string", 42, -0.5, True, False, None, [{"id": "x", "body": "y"}], [[[]]]]
    for i in range(80):
        k = key("not_object")
        value = values[i % len(values)]
        yield Case(k, orjson.dumps(value), "not_object", Reason.NOT_OBJECT)


def _schema(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    body = "Gunmen attacked a checkpoint on Monday, police said."
    for i in range(180):
        k = key("schema")
        sid = k.decode()
        wrong = rng.choice(_WRONG_TYPES)
        variant = i % 15
        obj: dict[str, Any]
        if variant == 0:
            obj = {"id": wrong if not isinstance(wrong, str) else 7, "body": body}
        elif variant == 1:
            obj = {"id": sid, "body": wrong}
        elif variant == 2:
            obj = {"id": sid}
        elif variant == 3:
            obj = {"body": body}
        elif variant == 4:
            obj = {"id": "", "body": body}
        elif variant == 5:
            obj = {"id": "x" * rng.randrange(513, 100_000), "body": body}
        elif variant == 6:
            obj = {"id": sid, "body": body, "headline": "H" * rng.randrange(2001, 1_000_000)}
        elif variant == 7:
            obj = {"id": sid, "body": body, "headline": 12}
        elif variant == 8:
            obj = {"id": sid, "body": body, "published_at": rng.choice(["yesterday", "2023-13-45", "32/01/2023"])}
        elif variant == 9:
            obj = {"id": sid, "body": body, "published_at": 1700000000}
        elif variant == 10:
            obj = {"id": sid, "body": body, "language": "x" * 40}
        elif variant == 11:
            obj = {"uri": sid, "bodies": "not a list"}
        elif variant == 12:
            obj = {"uri": sid, "bodies": [{"contenttype": "text/plain"}]}
        elif variant == 13:  # nested deep, but within what JSON parsing accepts
            depth = rng.randrange(300, 1000)
            value = b'{"id": "' + k + b'", "body": ' + b"[" * depth + b"]" * depth + b"}"
            yield Case(k, value, "deep_nesting", Reason.SCHEMA_VIOLATION)
            continue
        else:
            obj = {"uri": sid, "body_text": body, "copyrightholder": ["not", "allowed"]}
        yield Case(k, orjson.dumps(obj), "wrong_types", Reason.SCHEMA_VIOLATION)


def _no_text(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    bodies = [
        "",
        "   ",
        "\n\n\t\n",
        "\u0000\u0001\u0002",
        "\u200b\u200b\u200b",
        "🔥🔥🔥 💥",
        "... --- !!!",
        "\u202e\u2066\u2069",
        "© 2024 Agence France-Presse. All rights reserved.",
        "<p></p><br/><div> </div>",
    ]
    for i in range(80):
        k = key("no_text")
        body = bodies[i % len(bodies)]
        if i % len(bodies) == len(bodies) - 1:
            yield Case(k, orjson.dumps({"uri": k.decode(), "body_html": body}), "no_text", Reason.NO_TEXT)
        else:
            yield Case(k, _native(k, body), "no_text", Reason.NO_TEXT)


def _enriched_english(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    """English text made awkward in ways that must still be enriched."""
    for i in range(200):
        k = key("english")
        words = _english(rng, rng.randrange(40, 90)).split(" ")
        variant = i % 10
        extra: dict[str, Any] = {}
        category = "english"
        if variant == 0:
            category = "emoji"
            words = [w + (rng.choice(_EMOJI) if rng.random() < 0.15 else "") for w in words]
        elif variant == 1:
            category = "control_characters"
            words = [w + (rng.choice(_CONTROLS) if rng.random() < 0.1 else "") for w in words]
        elif variant == 2:
            category = "bidi_controls"
            words = [(rng.choice(_BIDI) if rng.random() < 0.1 else "") + w for w in words]
        elif variant == 3:
            category = "mixed_script"
            words.insert(len(words) // 2, "(«" + FOREIGN["ar"].split("،")[0] + "»)")
        elif variant == 4:
            category = "huge_extra_field"
            extra = {"attachment": "A" * rng.randrange(100_000, 1_000_000), "tags": list(range(1000))}
        elif variant == 5:  # built by hand: orjson writes at most 254 levels, but reads 1,023
            depth = rng.randrange(100, 1000)
            value = _native(k, " ".join(words))[:-1] + b', "nested": ' + b"[" * depth + b"]" * depth + b"}"
            yield Case(k, value, "deep_extra_field", ENRICHED, supported=True)
            continue
        elif variant == 6:
            category = "wrong_language_hint"
            extra = {"language": rng.choice(["ar", "zh-Hant", "xx", "en-GB-oed", ""])}
        elif variant == 7:
            category = "odd_whitespace"
            words = [w + rng.choice(["", "", "\u00a0", "\u2003", "\t", "\r\n", "\u2028"]) for w in words]
        elif variant == 8:
            category = "duplicate_keys"
            body = " ".join(words)
            value = b'{"id": "decoy", "body": "decoy", "id": "' + k + b'", "body": ' + orjson.dumps(body) + b"}"
            yield Case(k, value, category, ENRICHED, supported=True)
            continue
        else:
            category = "bom"
            yield Case(k, b"\xef\xbb\xbf" + _native(k, " ".join(words)), category, ENRICHED, supported=True)
            continue
        yield Case(k, _native(k, " ".join(words), **extra), category, ENRICHED, supported=True)


def _enriched_markup(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    for i in range(40):
        k = key("html")
        text = _english(rng, 50)
        half = len(text) // 2
        variant = i % 3
        if variant == 0:
            markup = f"<p>{text[:half]}</p><script>alert('x')</script><p>{text[half:]}</p>"
            yield Case(k, orjson.dumps({"uri": k.decode(), "body_html": markup}), "html", ENRICHED, supported=True)
        elif variant == 1:
            markup = "<div>" * 500 + text + "</div>" * 500 + "&amp;amp;&#0;&#x110000;&bogus;"
            parts = [{"contenttype": "text/html", "value": markup}]
            yield Case(k, orjson.dumps({"uri": k.decode(), "bodies": parts}), "html", ENRICHED, supported=True)
        else:
            unclosed = "<p " + "a" * 3000 + " " + text
            yield Case(k, orjson.dumps({"uri": k.decode(), "body_html": unclosed}), "html", ENRICHED, supported=True)


def _foreign(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    languages = sorted(FOREIGN)
    for i in range(len(languages) * 6):
        language = languages[i % len(languages)]
        k = key(f"lang-{language}")
        body = FOREIGN[language]
        if i % 2 and language in RTL:  # an RTL body wrapped in bidi controls
            body = "\u202b" + body + "\u202c"
        extra = {"language": "en"} if i % 3 == 0 else {}  # a feed that lies about the language
        category = "rtl" if language in RTL else "other_language"
        yield Case(k, _native(k, body, headline=body[:40], **extra), category, ENRICHED, supported=False)


def _huge(rng: random.Random, key: KeyMaker) -> Iterator[Case]:
    """Cases of megabytes: bodies over the default 2 MiB limit, and text beyond spaCy's."""
    for size in (5_000_000, 5_200_000, 6_000_000):
        k = key("oversized")
        yield Case(k, _native(k, "x" * size), "oversized_5mb", Reason.OVERSIZED)
    k = key("oversized")  # larger than the worker's producer takes: dead-lettered truncated
    yield Case(k, _native(k, "Lorem ipsum " * 800_000), "oversized_truncated", Reason.OVERSIZED)
    k = key("huge-text")  # under the byte limit, over the 1,000,000 characters spaCy accepts
    text = " ".join(_english(rng, 400) for _ in range(450))[:1_100_000]
    yield Case(k, _native(k, text), "huge_text", Reason.PROCESSING_FAILED)


_MAKERS: tuple[Callable[[random.Random, KeyMaker], Iterator[Case]], ...] = (
    _truncated,
    _encodings,
    _not_json,
    _not_object,
    _schema,
    _no_text,
    _enriched_english,
    _enriched_markup,
    _foreign,
)

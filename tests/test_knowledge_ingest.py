"""Reading a knowledge base folder: formats, encodings and bad input (knowledge.ingest, textformats)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import pytest

from knowledge.errors import KnowledgeBaseError
from knowledge.ingest import decode, read_documents, read_folder, unknown_files
from knowledge.loader import EXTRACTOR_KEY, load_knowledge_base
from knowledge.models import SkippedFile
from knowledge.textformats import html_to_text, markdown_to_text, plain_to_text

BUNDLED = Path(__file__).parent.parent / "knowledge" / "documents"
TEXT = "Basin News\nThe third summit was held on May 14, 2019 in Saltmarsh.\n"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_bundled_documents_are_read() -> None:
    docs = read_documents(BUNDLED)
    assert [d.id for d in docs] == ["kazakh-us-relations-overview", "us-relations-political-cooperation"]
    assert docs[0].title == "Kazakh-US Relations Overview"
    assert docs[1].title == "US Relations | Political Cooperation"
    assert all(re.fullmatch(r"[0-9a-f]{64}", d.sha256) for d in docs)


def test_plain_text_title_is_the_first_line(tmp_path: Path) -> None:
    write(tmp_path, "news.txt", "\n\n" + TEXT)
    (doc,) = read_documents(tmp_path)
    assert (doc.id, doc.title, doc.path) == ("news", "Basin News", "news.txt")
    assert doc.text == "The third summit was held on May 14, 2019 in Saltmarsh."


def test_settings_and_other_files_are_not_documents(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    write(tmp_path, "news.txt", TEXT)
    write(tmp_path, "aliases.yaml", "Saltmarsh: [Old Saltmarsh]\n")
    write(tmp_path, ".hidden.txt", TEXT)
    write(tmp_path, "photo.jpg", b"\xff\xd8\xff")
    (tmp_path / "sub").mkdir()
    docs = read_documents(tmp_path)
    assert [d.id for d in docs] == ["news"]
    assert [f.path for f in unknown_files(tmp_path)] == ["photo.jpg"]
    assert "photo.jpg" not in caplog.text  # reported by `qabot build` and `qabot sources`, not on every load


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        pytest.param(lambda p: p, "no documents", id="empty-folder"),
        pytest.param(lambda p: p / "missing", "no such folder", id="missing-folder"),
        pytest.param(lambda p: write(p, "file.txt", TEXT), "not a folder", id="file-not-folder"),
        pytest.param(lambda p: (write(p, "notes.yaml", "a: 1"), p)[1], "no documents", id="only-non-documents"),
    ],
)
def test_bad_folders(tmp_path: Path, setup, message: str) -> None:  # type: ignore[no-untyped-def]
    folder = setup(tmp_path)
    with pytest.raises(KnowledgeBaseError, match=message) as info:
        read_documents(folder)
    assert str(folder) in str(info.value)


def skipped(folder: Path) -> list[tuple[str, str]]:
    return [(f.path, f.reason) for f in read_folder(folder).skipped]


def test_binary_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "news.txt", TEXT)
    write(tmp_path, "blob.txt", b"PK\x03\x04\x00\x00binary")
    assert skipped(tmp_path) == [("blob.txt", "binary file, not a text document")]


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_legacy_encoding_is_decoded_and_said(tmp_path: Path, encoding: str) -> None:
    text = ("Café Prices\nThe crème brûlée costs six dollars at the café, and the décor "
            "is from Marseille; the owner’s menu changes every week.\n")
    write(tmp_path, "menu.txt", text.replace("’", "'" if encoding == "latin-1" else "’").encode(encoding))
    reading = read_folder(tmp_path)
    (doc,) = reading.documents
    assert doc.title == "Café Prices" and "crème brûlée" in doc.text
    assert doc.encoding == "cp1252" and not reading.skipped


def test_an_undecodable_file_is_skipped_naming_the_line(tmp_path: Path) -> None:
    write(tmp_path, "news.txt", TEXT)
    write(tmp_path, "latin.txt", "Title\nFirst line is fine.\nCaf\u00e9.\n".encode("latin-1"))
    ((path, reason),) = skipped(tmp_path)
    assert path == "latin.txt"
    assert reason.startswith("line 3: not UTF-8 (byte 0xe9)") and "\n" not in reason


@pytest.mark.parametrize(
    ("encoded", "name"),
    [
        pytest.param(codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-bom", id="utf-8-bom"),
        pytest.param(TEXT.encode("utf-16"), "utf-16", id="utf-16-bom"),
        pytest.param(codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(TEXT.replace("\n", "\r\n").encode("utf-8"), "crlf", id="crlf"),
    ],
)
def test_encodings_with_bom_and_line_ends(tmp_path: Path, encoded: bytes, name: str) -> None:
    write(tmp_path, f"{name}.txt", encoded)
    (doc,) = read_documents(tmp_path)
    assert doc.title == "Basin News"
    assert doc.text == "The third summit was held on May 14, 2019 in Saltmarsh."


def test_decode_keeps_text_without_bom() -> None:
    assert decode(Path("x.txt"), "Türkistan".encode()) == "Türkistan"


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(KnowledgeBaseError, match="binary"):
        decode(Path("x.txt"), "Title".encode("utf-16-le"))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        pytest.param("Just a title\n\n", "no text after the title", id="title-only"),
        pytest.param(b"", "empty file", id="empty"),
    ],
)
def test_a_document_without_text_is_skipped(tmp_path: Path, content: str | bytes, reason: str) -> None:
    write(tmp_path, "news.txt", TEXT)
    write(tmp_path, "short.txt", content)
    assert skipped(tmp_path) == [("short.txt", reason)]


def test_a_text_whose_first_line_is_a_sentence_has_no_title_line(tmp_path: Path) -> None:
    write(tmp_path, "hours.txt", "Our shop opens at 9 am.\n")
    [doc] = read_folder(tmp_path).documents
    assert doc.title == "hours"
    assert doc.text.strip() == "Our shop opens at 9 am."


def test_a_folder_of_broken_files_names_them(tmp_path: Path) -> None:
    write(tmp_path, "short.txt", b"")
    with pytest.raises(KnowledgeBaseError, match=r"no documents; skipped short\.txt \(empty file\)"):
        read_folder(tmp_path)


def test_of_two_files_with_one_id_the_second_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", TEXT)
    write(tmp_path, "a.md", "# Basin News\n\nThe summit was held in 2019.\n")
    reading = read_folder(tmp_path)
    assert [d.path for d in reading.documents] == ["a.md"]
    assert skipped(tmp_path) == [("a.txt", "same id 'a' as a.md; rename one")]


HTML = """<!DOCTYPE html>
<html><head><title>Basin News &amp; Notes</title>
<style>body { color: red; }</style>
<script>var secret = "do not index";</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/about">About us</a></nav>
<header>Site banner</header>
<h1>The Third Summit</h1>
<p>The third summit was held on <b>May 14, 2019</b> in Saltmarsh.</p>
<ul><li>Flood plan adopted.</li><li>Trees planted.</li></ul>
<footer>Copyright 2020</footer>
</body></html>"""


def test_html_to_text() -> None:
    title, body = html_to_text(HTML)
    assert title == "Basin News & Notes"
    assert [line for line in body.splitlines() if line] == [
        "The Third Summit", "The third summit was held on May 14, 2019 in Saltmarsh.", "Flood plan adopted.",
        "Trees planted."]
    for hidden in ("secret", "color", "Home", "About us", "Site banner", "Copyright"):
        assert hidden not in body


def test_html_without_title_uses_first_h1() -> None:
    title, body = html_to_text("<body><h1>Summit  Report</h1><p>It was held in 2019.</p></body>")
    assert title == "Summit Report"
    assert body == "It was held in 2019."


MARKDOWN = """---
layout: post
---
# Basin *News*

The third summit was held in [Saltmarsh](https://example.org/saltmarsh) on **May 14, 2019**.

## Outcomes

- A flood plan was adopted.
- ![a photo](photo.jpg)
"""


def test_markdown_to_text() -> None:
    title, body = markdown_to_text(MARKDOWN)
    assert title == "Basin News"
    assert "The third summit was held in Saltmarsh on May 14, 2019." in body.splitlines()
    assert "Outcomes" in body.splitlines()
    assert "A flood plan was adopted." in body.splitlines()
    for hidden in ("https://", "layout", "photo.jpg", "#", "**"):
        assert hidden not in body


def test_markdown_file_is_a_document(tmp_path: Path) -> None:
    write(tmp_path, "notes.md", MARKDOWN)
    (doc,) = read_documents(tmp_path)
    assert (doc.id, doc.title) == ("notes", "Basin News")


def test_plain_to_text_of_blank_text() -> None:
    assert plain_to_text("\n \n") == ("", "")


def test_subfolders_are_read_recursively(tmp_path: Path) -> None:
    write(tmp_path, "news.txt", TEXT)
    (tmp_path / "shop" / "deep").mkdir(parents=True)
    write(tmp_path / "shop", "prices.md", "# Prices\n\nDecaf costs $14.\n")
    write(tmp_path / "shop" / "deep", "faq.html", "<title>FAQ</title><p>We open at 8 am.</p>")
    write(tmp_path, "zebra.txt", TEXT)
    docs = read_documents(tmp_path)
    assert [(d.id, d.path, d.title) for d in docs] == [
        ("news", "news.txt", "Basin News"),
        ("shop/deep/faq", "shop/deep/faq.html", "FAQ"),
        ("shop/prices", "shop/prices.md", "Prices"),
        ("zebra", "zebra.txt", "Basin News"),
    ]


def test_ids_of_a_subfolder_document_are_stable_and_cited_by_path(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    write(tmp_path / "shop", "prices.txt", "Prices\nDecaf costs $14. Gift cards are sold.\n")
    kb = load_knowledge_base(tmp_path)
    assert [s.id for s in kb.sentences] == ["shop/prices#s1", "shop/prices#s2"]
    assert {p.doc_id for p in kb.passages} == {"shop/prices"}
    assert set(kb.inputs) == {"shop/prices.txt", EXTRACTOR_KEY}


def test_same_name_in_two_subfolders_gives_two_ids(tmp_path: Path) -> None:
    for sub in ("beans", "tea"):
        (tmp_path / sub).mkdir()
        write(tmp_path / sub, "prices.txt", TEXT)
    assert [d.id for d in read_documents(tmp_path)] == ["beans/prices", "tea/prices"]


def test_duplicate_ids_in_a_subfolder_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "a.txt", TEXT)
    write(tmp_path / "sub", "a.pdf", b"%PDF-1.4 broken")
    write(tmp_path / "sub", "a.md", "# Basin News\n\nThe summit was held in 2019.\n")
    assert [d.path for d in read_documents(tmp_path)] == ["sub/a.md"]
    assert skipped(tmp_path) == [("sub/a.pdf", "same id 'sub/a' as sub/a.md; rename one"),
                                 ("sub/a.txt", "same id 'sub/a' as sub/a.md; rename one")]


@pytest.mark.parametrize(
    "name",
    ["news.txt~", "#news.txt#", ".news.txt.swp", "news.swp", "news.txt.swo", ".hidden/news.txt",
     ".qabot/news.txt", "sub/.git/news.txt", "sub/news.md~", ".#news.txt", "~$news.docx",
     ".~lock.news.docx#", "._news.pdf"],
)
def test_hidden_files_qabot_and_editor_leftovers_are_ignored_silently(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str) -> None:
    write(tmp_path, "kept.txt", TEXT)
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    write(tmp_path, name, TEXT)
    assert [d.id for d in read_documents(tmp_path)] == ["kept"]
    assert caplog.text == ""


def test_other_files_in_subfolders_are_listed_with_a_reason(tmp_path: Path) -> None:
    write(tmp_path, "kept.txt", TEXT)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "photo.jpg", b"\xff\xd8\xff")
    write(tmp_path / "sub", "README", "no extension")
    assert [d.id for d in read_documents(tmp_path)] == ["kept"]
    assert unknown_files(tmp_path) == [
        SkippedFile(path="sub/README", reason="not a document (no extension; qabot reads "
                                              ".docx, .htm, .html, .markdown, .md, .pdf, .txt)"),
        SkippedFile(path="sub/photo.jpg", reason="not a document (.jpg; qabot reads "
                                                 ".docx, .htm, .html, .markdown, .md, .pdf, .txt)"),
    ]


def test_a_folder_with_only_ignored_files_has_no_documents(tmp_path: Path) -> None:
    (tmp_path / ".qabot").mkdir()
    write(tmp_path / ".qabot", "old.txt", TEXT)
    write(tmp_path, "news.txt~", TEXT)
    (tmp_path / "empty-sub").mkdir()
    with pytest.raises(KnowledgeBaseError, match="no documents"):
        read_documents(tmp_path)


def test_a_broken_file_in_a_subfolder_is_skipped_and_the_rest_read(tmp_path: Path) -> None:
    write(tmp_path, "news.txt", TEXT)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "latin.txt", "Title\nCaf\u00e9.\n".encode("latin-1"))
    reading = read_folder(tmp_path)
    assert [d.id for d in reading.documents] == ["news"]
    assert [(f.path, f.reason.split(";")[0]) for f in reading.skipped] == [
        ("sub/latin.txt", "line 2: not UTF-8 (byte 0xe9), and no other encoding fits it surely")]


def test_deeply_nested_html_is_read() -> None:
    depth = 5000  # past Python's recursion limit: the walk keeps its own stack
    title, body = html_to_text(f"<title>Deep</title>{'<div>' * depth}It is held in May.{'</div>' * depth}")
    assert (title, body) == ("Deep", "It is held in May.")


@pytest.mark.parametrize(
    "meta",
    ['<meta charset="windows-1252">', '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'],
)
def test_an_html_page_in_its_declared_encoding(tmp_path: Path, meta: str) -> None:
    page = f"<html><head>{meta}<title>Caf\u00e9</title></head><body><p>Cr\u00e8me br\u00fbl\u00e9e.</p></body></html>"
    write(tmp_path, "menu.html", page.encode("cp1252"))
    (doc,) = read_documents(tmp_path)
    assert (doc.title, doc.text) == ("Café", "Crème brûlée.")
    assert doc.encoding in {"cp1252", "iso8859-1"}


def test_a_short_latin_1_file_is_not_read_as_a_dos_code_page(tmp_path: Path) -> None:
    # charset-normalizer ranks the Baltic DOS page cp775 first for these bytes ("Cafķ", "Josķ M³ller").
    write(tmp_path, "cafe.txt", "Café hours\nThe café opens at 9:00 and the naïve owner is José Müller.\n"
          .encode("latin-1"))
    (doc,) = read_folder(tmp_path).documents
    assert doc.encoding == "cp1252" and "José Müller" in doc.text


def test_a_baltic_windows_text_keeps_its_encoding(tmp_path: Path) -> None:
    write(tmp_path, "lt.txt", "Labas rytas\nČia yra lietuviškas tekstas apie Vilnių ir Kauną.\n".encode("cp1257"))
    (doc,) = read_folder(tmp_path).documents
    assert doc.encoding == "cp1257" and "lietuviškas" in doc.text

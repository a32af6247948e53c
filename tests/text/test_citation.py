import datetime
import json

from archive.text.citation import (
    CitedWork,
    bare_title,
    bibtex,
    csl_json,
    highwire,
    plain_text,
    reference_parts,
    ris,
)

WORK = CitedWork(
    title="گفت‌وگو با پروین محمدی",
    url="https://archive.example/articles/گفتگو/",
    key="archive7",
    authors=["جعفر عظیم‌زاده"],
    publication="نشریه کار",
    issue="شماره ۱۲",
    published_on=datetime.date(2023, 5, 1),
)


def test_plain_text_in_persian():
    assert plain_text(WORK, lang="fa") == (
        "جعفر عظیم‌زاده، «گفت‌وگو با پروین محمدی»، نشریه کار، شماره ۱۲، "
        "۱۱ اردیبهشت ۱۴۰۲ (۲۰۲۳-۰۵-۰۱). https://archive.example/articles/گفتگو/"
    )


def test_reference_parts_in_english():
    assert reference_parts(WORK, lang="en") == [
        "جعفر عظیم‌زاده",
        "“گفت‌وگو با پروین محمدی”",
        "نشریه کار",
        "شماره ۱۲",
        "11 Ordibehesht 1402 (2023-05-01)",
    ]


def test_plain_text_falls_back_to_the_date_as_written():
    work = CitedWork(title="بی‌تاریخ", url="https://x.example/", key="k", date_text="بهار ۱۳۸۵")
    assert plain_text(work) == "«بی‌تاریخ»، بهار ۱۳۸۵. https://x.example/"


INTERVIEW = CitedWork(
    title="«ما فقط دستمزد نمی‌خواهیم»",
    url="https://archive.example/a/2/",
    key="archive2",
    interviewers=["سارا مهدوی"],
    interviewees=["فرهاد نیک‌پور"],
    publication="آوای کار",
    issue="۳۴۰",
    published_on=datetime.date(2020, 10, 24),
    interview=True,
)

# A joint statement signed by two organisations, one of them also named as the publication.
STATEMENT = CitedWork(
    title="بیانیه مشترک به مناسبت اول ماه مه",
    url="https://archive.example/a/4/",
    key="archive4",
    organisations=["سندیکای کارگران شرکت واحد", "جمع هماهنگی بازنشستگان"],
    publication="سنديكاي كارگران شركت واحد",
    published_on=datetime.date(2019, 4, 30),
)


def test_interview_reference_names_the_guest_and_the_interviewer():
    assert plain_text(INTERVIEW, lang="fa") == (
        "فرهاد نیک‌پور، گفت‌وگو از سارا مهدوی، «ما فقط دستمزد نمی‌خواهیم»، آوای کار، ۳۴۰، "
        "۳ آبان ۱۳۹۹ (۲۰۲۰-۱۰-۲۴). https://archive.example/a/2/"
    )
    assert reference_parts(INTERVIEW, lang="en")[:2] == [
        "فرهاد نیک‌پور",
        "interviewed by سارا مهدوی",
    ]


def test_plain_text_can_isolate_its_parts_for_pasting_into_left_to_right_text():
    text = plain_text(INTERVIEW, lang="en", isolated=True)
    assert text.startswith("\u2068فرهاد نیک‌پور\u2069, \u2068interviewed by سارا مهدوی\u2069, ")
    assert text.replace("\u2068", "").replace("\u2069", "") == plain_text(INTERVIEW, lang="en")


def test_a_quoted_title_is_not_quoted_twice():
    assert "««" not in plain_text(INTERVIEW)
    assert "title = {ما فقط دستمزد نمی‌خواهیم}" in bibtex(INTERVIEW)
    assert bare_title("“Bread and roses”") == "Bread and roses"
    # Two quotations in a title are the title, not a quoted title.
    assert bare_title("«نان» و «کار»") == "«نان» و «کار»"


def test_the_publication_is_not_repeated_as_author():
    text = plain_text(STATEMENT)
    assert text.startswith("جمع هماهنگی بازنشستگان، «بیانیه")
    assert text.count("واحد") == 1
    entry = bibtex(STATEMENT)
    assert "  author = {{جمع هماهنگی بازنشستگان}},\n" in entry
    assert "  journal = {سنديكاي كارگران شركت واحد},\n" in entry


def test_interview_bibtex_has_the_guest_as_author_and_ascii_numbers():
    entry = bibtex(INTERVIEW)
    assert "  author = {فرهاد نیک‌پور},\n" in entry
    assert "  number = {340},\n" in entry
    assert "  year = {2020},\n" in entry
    assert "گفت‌وگو از سارا مهدوی" in entry


def test_bibtex_of_an_article_without_publication_is_an_online_entry():
    work = CitedWork(title="بی‌نشریه", url="https://x.example/a/1/", key="k", authors=["الف ب"])
    entry = bibtex(work)
    assert entry.startswith("@online{k,\n")
    assert "  author = {الف ب},\n" in entry


def test_ris_record():
    record = ris(INTERVIEW)
    lines = record.split("\r\n")
    assert lines[0] == "TY  - JOUR"
    assert "TI  - ما فقط دستمزد نمی‌خواهیم" in lines
    assert "AU  - فرهاد نیک‌پور" in lines
    assert "T2  - آوای کار" in lines
    assert "IS  - 340" in lines
    assert "PY  - 2020" in lines
    assert "DA  - 2020/10/24" in lines
    assert "UR  - https://archive.example/a/2/" in lines
    assert "LA  - fa" in lines
    assert record.endswith("ER  -\r\n")


def test_csl_json_item():
    (item,) = json.loads(json.dumps(csl_json(INTERVIEW)))
    assert item["type"] == "interview"
    assert item["title"] == "ما فقط دستمزد نمی‌خواهیم"
    assert item["author"] == [{"literal": "فرهاد نیک‌پور"}]
    assert item["interviewer"] == [{"literal": "سارا مهدوی"}]
    assert item["container-title"] == "آوای کار"
    assert item["issue"] == "340"
    assert item["issued"] == {"date-parts": [[2020, 10, 24]]}
    (statement,) = csl_json(STATEMENT)
    assert statement["type"] == "article-journal"
    assert statement["author"] == [{"literal": "جمع هماهنگی بازنشستگان"}]


def test_highwire_tags():
    tags = highwire(INTERVIEW)
    assert ("citation_title", "ما فقط دستمزد نمی‌خواهیم") in tags
    assert ("citation_author", "فرهاد نیک‌پور") in tags
    assert ("citation_date", "2020/10/24") in tags
    assert ("citation_journal_title", "آوای کار") in tags
    assert ("citation_issue", "340") in tags
    assert ("citation_language", "fa") in tags
    assert ("citation_public_url", "https://archive.example/a/2/") in tags


def test_bibtex_entry():
    entry = bibtex(WORK)
    assert entry.startswith("@article{archive7,\n")
    assert "  title = {گفت‌وگو با پروین محمدی},\n" in entry
    assert "  author = {جعفر عظیم‌زاده},\n" in entry
    assert "  journal = {نشریه کار},\n" in entry
    assert "  year = {2023},\n" in entry
    assert "  date = {2023-05-01},\n" in entry
    # ASCII URL for BibTeX tools.
    assert "  url = {https://archive.example/articles/%DA%AF%D9%81%D8%AA%DA%AF%D9%88/}" in entry
    assert entry.endswith("\n}")


def test_bibtex_escapes_special_characters():
    work = CitedWork(title="50% & {more}", url="https://x.example/", key="k")
    assert r"title = {50\% \& \{more\}}" in bibtex(work)


def test_bibtex_number_has_ascii_digits():
    assert "  number = {12},\n" in bibtex(WORK)


def test_bibtex_keeps_an_issue_without_one_number_as_written():
    work = CitedWork(title="t", url="https://x.example/", key="k", issue="ویژه‌نامه")
    assert "  number = {ویژه‌نامه},\n" in bibtex(work)


def test_bibtex_does_not_repeat_the_publication_as_author():
    work = CitedWork(
        title="بیانیه",
        url="https://x.example/",
        key="k",
        authors=["نشریه  کار"],
        publication="نشریه کار",
    )
    entry = bibtex(work)
    assert "author =" not in entry
    assert "  journal = {نشریه کار},\n" in entry

import datetime

from archive.text.citation import CitedWork, bibtex, plain_text, reference_parts

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

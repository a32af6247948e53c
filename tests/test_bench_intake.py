"""The intake benchmark reads each format as the importer does (a smoke test, no timings)."""

from benchmarks import intake


def test_a_format_is_measured_with_the_texts_it_gave():
    _seconds, texts, refusal = intake.measure("result.json", b'{"messages": []}', 1)
    assert (texts, refusal) == (0, "")
    _seconds, texts, refusal = intake.measure("a.txt", "بیانیه\n\nمتن بیانیه کارگران.".encode(), 2)
    assert (texts, refusal) == (2, "")


def test_a_refused_file_is_reported_with_its_reason():
    _seconds, texts, refusal = intake.measure("a.bin", bytes(range(256)) * 4, 1)
    assert texts == 0 and refusal

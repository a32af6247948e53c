from archive.text import alphabet


def test_sorts_in_persian_alphabet_order_not_code_point_order():
    names = ["گلناز", "ژاله", "کاظم", "پرویز", "چنگیز", "بهروز", "آرش", "احمد"]
    assert sorted(names, key=alphabet.sort_key) == [
        "احمد",
        "آرش",
        "بهروز",
        "پرویز",
        "چنگیز",
        "ژاله",
        "کاظم",
        "گلناز",
    ]


def test_arabic_letter_forms_sort_with_their_persian_letters():
    assert alphabet.sort_key("كاظمي") == alphabet.sort_key("کاظمی")
    assert sorted(["گودرزی", "كريمي", "لطفی"], key=alphabet.sort_key) == [
        "كريمي",
        "گودرزی",
        "لطفی",
    ]


def test_zwnj_and_spaces_do_not_change_the_order():
    assert alphabet.sort_key("علی‌رضا") == alphabet.sort_key("علیرضا")


def test_initial_groups_alef_madda_under_alef_and_folds_arabic_forms():
    assert alphabet.initial("آرش") == "ا"
    assert alphabet.initial("كاظم") == "ک"
    assert alphabet.initial("Amnesty") == "A"
    assert alphabet.initial("۱۹ بهمن") == alphabet.OTHER_INITIAL


def test_index_letters_follow_the_alphabet():
    assert alphabet.index_letters(["یوسف", "Zed", "بهروز", "آرش"]) == ["ا", "ب", "ی", "Z"]

"""Names the analyzer knows beyond hazm's lexicon, folded as `letters.fold_letters` folds them.

Compound given names are written solid, with ZWNJ or with a space (علیرضا, علی‌رضا, علی رضا);
hazm lists many solid ones as words, so the analyzer splits a word made of a head and a tail
below, whatever the lexicon says. Either list alone is too common a word to split on
(امیرکبیر is not امیر + کبیر).
"""

NAME_HEADS = frozenset(
    (
        *("علی", "محمد", "غلام", "امیر", "حمید", "حسین", "حسن", "رضا", "مهدی", "سید", "میر"),
        # Heads of the Arabic names with ال (ابوالفضل, عبدالله, فتح‌الله, نورالدین).
        *("ابو", "عبد", "نصر", "فتح", "روح", "حبیب", "فضل", "عزت", "ذبیح", "سیف", "اسد"),
        *("نور", "شمس", "جمال", "کمال", "نجم", "صدر", "تاج", "شرف", "عماد", "ضیا", "سعد"),
    )
)
NAME_TAILS = frozenset(
    (
        *("رضا", "حسین", "حسن", "علی", "اکبر", "اصغر", "جواد", "تقی", "نقی", "باقر", "صادق"),
        *("کاظم", "مهدی", "امین", "محمد", "قلی", "هادی", "کریم", "رحیم", "جعفر", "ابراهیم"),
        *("اسماعیل", "مراد", "حمید", "سعید", "مجید", "رسول", "یوسف", "صالح", "عباس", "طاهر"),
        *("الله", "الدین", "الفضل", "القاسم", "الحسن", "الحسین", "الرضا", "الرحمن", "الرحیم"),
        *("الکریم", "العلی", "الملک", "الهدی", "الزمان", "المهدی", "المجید", "الحمید"),
    )
)
# Endings of Persian surnames, glued to a word or name (نیکپور, دانشفر, اسدبیگی, حسینزاده).
SURNAME_TAILS = frozenset(
    (
        *("پور", "زاده", "نیا", "فر", "نژاد", "راد", "مهر", "منش", "کیا", "بیگی", "وند"),
        *("لو", "فرد", "خواه", "دوست", "پناه", "بخش", "نسب", "یار", "فام", "زادگان", "پرور"),
    )
)

# Spellings of one name (given names, an old spelling of a place), the usual one first.
# Editors add more through the name-variant table, which widens queries; these also fold in
# the index.
NAME_SPELLINGS = (
    ("داوود", "داود"),
    ("کاووس", "کاوس"),
    ("طاووس", "طاوس"),
    ("سیاوش", "سیاووش"),
    ("اسماعیل", "اسمعیل"),
    ("ابراهیم", "ابرهیم"),
    ("اسحاق", "اسحق"),
    ("یحیی", "یحیا"),
    ("موسی", "موسا"),
    ("عیسی", "عیسا"),
    ("مرتضی", "مرتضا"),
    ("مصطفی", "مصطفا"),
    ("مجتبی", "مجتبا"),
    ("عبدالرحمان", "عبدالرحمن"),
    ("رحمان", "رحمن"),
    ("عبدالله", "عبداله"),
    ("هومن", "هومان"),
    ("کوروش", "کورش"),
    ("کیومرث", "کیومارث"),
    ("طهماسب", "تهماسب"),
    ("منیژه", "منیجه"),
    ("زکریا", "ذکریا"),
    ("تهران", "طهران"),
)
NAME_VARIANTS = {other: usual for usual, *others in NAME_SPELLINGS for other in others}

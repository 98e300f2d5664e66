from learninglab.core.text import clean_spaces, fix_romanian_diacritics, fold, one_full_stop


def test_fold_ignores_romanian_diacritics_case_and_extra_spaces():
    assert fold("Ștefan  Țepeș") == "stefan tepes"
    assert fold("  ȘTEFAN\u00a0ȚEPEȘ ") == "stefan tepes"


def test_fold_treats_cedilla_and_comma_below_letters_alike():
    assert fold("Ştefan Ţepeş") == fold("Ștefan Țepeș")


def test_fold_handles_letters_unicode_does_not_decompose():
    assert fold("Đurđevac") == "durdevac"  # Croatian
    assert fold("Łódź") == "lodz"  # Polish
    assert fold("Straße") == "strasse"  # German
    assert fold("Øresund") == "oresund"


def test_fold_removes_other_european_marks():
    assert fold("Ąžuolas Šiaulių") == "azuolas siauliu"  # Lithuanian
    assert fold("Müller Érsek Nöel") == "muller ersek noel"
    assert fold("Tampere–Päijät-Häme") == "tampere–paijat-hame"


def test_fix_romanian_diacritics_turns_cedillas_into_commas_below():
    assert fix_romanian_diacritics("Ştefan Ţepeş, Şerban ţară") == "Ștefan Țepeș, Șerban țară"


def test_fix_romanian_diacritics_leaves_other_cedillas_alone():
    assert fix_romanian_diacritics("Françoise Çelik") == "Françoise Çelik"


def test_clean_spaces_makes_runs_of_white_space_single():
    assert clean_spaces("  Ana \u00a0 Maria\tPopescu \n") == "Ana Maria Popescu"


def test_one_full_stop_ends_a_sentence_once_after_a_value_ending_in_one():
    assert one_full_stop("Održano 30. rujna 2025..") == "Održano 30. rujna 2025."
    assert one_full_stop("Participați ca Ioana Î..") == "Participați ca Ioana Î."
    assert one_full_stop("Wait... and see.") == "Wait... and see."  # an ellipsis stays
    assert one_full_stop("30. 9. 2025. u 10:00.") == "30. 9. 2025. u 10:00."

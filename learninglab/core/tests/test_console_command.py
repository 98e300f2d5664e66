"""The ``learninglab`` console command takes the hyphenated names project teams script."""

import pytest

from learninglab.manage import main


@pytest.mark.parametrize(
    "argv",
    [
        ["learninglab", "help", "export-rsvps"],
        ["learninglab", "export-rsvps", "--help"],
        ["learninglab", "help", "export_rsvps"],
    ],
)
def test_help_of_a_command_under_either_spelling(argv, capsys):
    try:
        main(argv)
    except SystemExit as stop:  # argparse ends --help with exit status 0
        assert stop.code == 0

    assert "usage: learninglab export_rsvps" in capsys.readouterr().out


def test_an_unknown_command_is_named_in_the_error(capsys):
    with pytest.raises(SystemExit):
        main(["learninglab", "export-everything"])

    assert "Unknown command: 'export_everything'" in capsys.readouterr().err

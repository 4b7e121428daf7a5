"""What CUPS keeps after printing, read from cupsd.conf as cupsd itself reads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.printing.cups_config import Finding, check_cupsd_conf, read_cupsd_conf

FILES_FIX = "set 'PreserveJobFiles No' in /etc/cups/cupsd.conf and restart CUPS"
HISTORY_FIX = "set 'PreserveJobHistory No' in /etc/cups/cupsd.conf and restart CUPS"

# The top of Debian 12's stock cupsd.conf: no Preserve lines at all, so CUPS's defaults apply
# (documents kept for a day, history kept for ever).
DEBIAN_STOCK = """\
#
# Configuration file for the CUPS scheduler.  See "man cupsd.conf" for a complete description.
#

# Disable cups internal logging - use logrotate instead
MaxLogSize 0

# Log general information in error_log - change "warn" to "debug"
# for troubleshooting...
LogLevel warn
PageLogFormat

# Specifies the maximum size of the log files before they are rotated.
MaxLogSize 0

# Default error policy for printers
ErrorPolicy retry-job

# Only listen for connections from the local machine.
Listen localhost:631
Listen /run/cups/cups.sock

# Show shared printers on the local network.
Browsing Yes
BrowseLocalProtocols dnssd

# Default authentication type, when authentication is required...
DefaultAuthType Basic

# Web interface setting...
WebInterface Yes

# Timeout after cupsd exits if idle (applied only if cupsd runs on-demand - with -l)
IdleExitTimeout 60

# Restrict access to the server...
<Location />
  Order allow,deny
</Location>

<Policy default>
  JobPrivateAccess default
  JobPrivateValues default
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

KIOSK_LINES = "PreserveJobFiles No\nPreserveJobHistory No\n"


def severities(findings: list[Finding]) -> list[tuple[str, str]]:
    """(severity, the directive the finding is about) for each finding, in order."""
    return [(f.severity, "files" if "PreserveJobFiles" in f.fix else "history") for f in findings]


def test_stock_debian_config_keeps_documents_and_history() -> None:
    findings = check_cupsd_conf(DEBIAN_STOCK)
    assert severities(findings) == [("problem", "history"), ("problem", "files")]
    history, files = findings
    assert files.message == (
        "CUPS keeps a copy of every printed document (PreserveJobFiles is not set, so CUPS uses "
        "its default of 86400 seconds, one day)."
    )
    assert files.fix == FILES_FIX
    assert history.message.startswith("CUPS keeps a list of printed documents")
    assert history.fix == HISTORY_FIX


def test_a_kiosk_config_keeps_nothing() -> None:
    assert check_cupsd_conf(DEBIAN_STOCK + KIOSK_LINES) == []


@pytest.mark.parametrize(
    ("files", "history", "expected"),
    [
        ("Yes", "No", [("warning", "files")]),
        ("86400", "No", [("warning", "files")]),
        ("86400", "Yes", [("problem", "history"), ("problem", "files")]),
        ("On", "Off", [("warning", "files")]),
        ("1d", "300", [("warning", "history"), ("problem", "files")]),
        ("No", "Yes", [("problem", "history")]),
        ("No", "1h", [("warning", "history")]),
        ("Off", "False", []),
        ("0", "0", []),
        ("No", "sometimes", [("warning", "history")]),
    ],
)
def test_explicit_values(files: str, history: str, expected: list[tuple[str, str]]) -> None:
    text = f"PreserveJobFiles {files}\nPreserveJobHistory {history}\n"
    assert severities(check_cupsd_conf(text)) == expected


def test_the_message_quotes_the_value_as_written() -> None:
    (finding,) = check_cupsd_conf("PreserveJobFiles Yes\nPreserveJobHistory No\n")
    assert "(PreserveJobFiles is Yes)" in finding.message
    (files,) = [
        f for f in check_cupsd_conf("PreserveJobFiles 86400\n") if "PreserveJobFiles" in f.fix
    ]
    assert (
        files.message == "CUPS keeps a copy of every printed document (PreserveJobFiles is 86400)."
    )


def test_comments_are_ignored() -> None:
    text = (
        "# PreserveJobFiles No\n"
        "#PreserveJobHistory No\n"
        "PreserveJobFiles Yes   # PreserveJobFiles No\n"
        "   # indented comment\n"
        "PreserveJobHistory No\n"
    )
    assert severities(check_cupsd_conf(text)) == [("warning", "files")]


def test_directive_names_and_values_in_any_case() -> None:
    text = "preservejobfiles NO\nPRESERVEJOBHISTORY off\n"
    assert check_cupsd_conf(text) == []
    text = "PRESERVEJOBFILES YES\npreserveJobHistory No\n"
    assert severities(check_cupsd_conf(text)) == [("warning", "files")]


def test_the_last_setting_wins() -> None:
    text = KIOSK_LINES + "PreserveJobFiles 86400\nPreserveJobHistory Yes\n"
    assert severities(check_cupsd_conf(text)) == [("problem", "history"), ("problem", "files")]
    text = "PreserveJobFiles Yes\nPreserveJobHistory Yes\n" + KIOSK_LINES
    assert check_cupsd_conf(text) == []


def test_only_top_level_lines_count() -> None:
    # Inside a block these directives are not global settings, so they change nothing.
    text = DEBIAN_STOCK.replace("<Location />\n", "<Location />\n  " + KIOSK_LINES)
    assert severities(check_cupsd_conf(text)) == [("problem", "history"), ("problem", "files")]


def test_tabs_and_max_job_time_are_fine() -> None:
    text = "PreserveJobFiles\tNo\nPreserveJobHistory\t\tNo\nMaxJobTime 300\n"
    assert check_cupsd_conf(text) == []
    assert check_cupsd_conf("MaxJobTime 0\n" + KIOSK_LINES) == []


def test_fixes_name_the_file_that_was_checked() -> None:
    findings = check_cupsd_conf("", path=Path("/srv/cups/cupsd.conf"))
    assert [f.fix for f in findings] == [
        "set 'PreserveJobHistory No' in /srv/cups/cupsd.conf and restart CUPS",
        "set 'PreserveJobFiles No' in /srv/cups/cupsd.conf and restart CUPS",
    ]


def test_read_cupsd_conf(tmp_path: Path) -> None:
    path = tmp_path / "cupsd.conf"
    path.write_bytes(KIOSK_LINES.encode() + b"ServerName caf\xe9\n")
    text = read_cupsd_conf(path)
    assert check_cupsd_conf(text) == []
    with pytest.raises(OSError):
        read_cupsd_conf(tmp_path / "missing.conf")

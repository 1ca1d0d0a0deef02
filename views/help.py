"""F1: a short help and about dialog (non-modal)."""

from __future__ import annotations

import importlib.metadata

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

HELP_HTML = """
<h2>Candor {version}</h2>
<p>Offline, on-premise, AI-assisted interview screening. Everything stays encrypted on
this computer; nothing is sent anywhere and no model is downloaded.</p>
<h3>Finding your way</h3>
<ul>
<li><b>Roles</b> (Ctrl+1): openings with weighted criteria and interview questions.</li>
<li><b>Candidates</b> (Ctrl+2): imported resumes and their screening, with evidence.</li>
<li><b>Interviews</b> (Ctrl+3): recorded answers, transcripts and checks.</li>
<li><b>Reports</b> (Ctrl+4): interview reports, shortlists, the workspace summary, the
bias audit, retention, data-subject requests and the list of exported files.</li>
<li><b>Settings</b> (Ctrl+5): lock timeout, policy, models, the kiosk operator PIN and
(administrators) users.</li>
</ul>
<h3>Keyboard</h3>
<table>
<tr><td>Ctrl+L</td><td>Lock now (your password unlocks)</td></tr>
<tr><td>Ctrl+1 … Ctrl+5</td><td>Go to a page</td></tr>
<tr><td>Ctrl+J</td><td>Show or hide the jobs panel</td></tr>
<tr><td>Ctrl+N</td><td>New role (on the Roles page)</td></tr>
<tr><td>Ctrl+Z / Ctrl+Shift+Z</td><td>Undo / redo an edit of a role's criteria</td></tr>
<tr><td>Ctrl+R</td><td>Re-run a candidate's interview analysis (on the interview page)</td></tr>
<tr><td>Ctrl+I</td><td>Import resumes for the chosen role (on the Candidates page)</td></tr>
<tr><td>Ctrl+F</td><td>Filter the candidates</td></tr>
<tr><td>Enter / Esc</td><td>Open the chosen candidate / back to the list</td></tr>
<tr><td>F5</td><td>Read the Reports page's lists again</td></tr>
<tr><td>Ctrl+B</td><td>Blind review on or off (always on for reviewers)</td></tr>
<tr><td>Ctrl+Q</td><td>Quit</td></tr>
<tr><td>F1</td><td>This help</td></tr>
</table>
<h3>Roles and screening</h3>
<p>A role's criteria are must-have skills (a candidate missing one is flagged, never
rejected), preferred skills with weights, minimum years of relevant experience, minimum
education and keywords. Skills come from the skills taxonomy: type a few letters to see
suggestions and the synonyms each skill is also found as. Every save keeps a new version,
and every score names the version it was computed with; criteria can be exported to and
imported from YAML files.</p>
<p>Import resumes (PDF, DOCX, ODT, TXT) with Import files…, Import folder… or by dropping
them on the candidate list. Each file gets its own status and message; one bad file never
stops the others. Open a candidate to see the resume with the evidence highlighted beside
the parts of the score.</p>
<p><b>Blind review</b> (View menu, Ctrl+B) hides names, contact details, addresses and
graduation years. It is on when you sign in; recruiters and administrators may turn it
off, reviewers always review blind. Exports have their own blind option.</p>
<h3>Reports and exports</h3>
<p>The Reports page lists its sections on the left. Recruiters and administrators make
<b>interview reports</b> (one PDF per analysed candidate) and <b>shortlists</b> of a role
(PDF, CSV, JSON); administrators also write the <b>workspace summary</b>. Each export asks
for a folder, runs in the background (progress and Cancel in the jobs panel) and then
offers to open the folder. Blind variants are ticked by default. Exported files leave
Candor's encryption, so Candor lists every one under <b>Exported files</b>: an erasure
names the copies someone must delete by hand.</p>
<p>Administrators also find the <b>bias audit</b> of a role (selection and scoring rates
per sex and race/ethnicity, impact ratios, four-fifths flags, as PDF, CSV or JSON, with
an Illinois variant), <b>retention</b> (what the policy's periods remove and why, Run now,
and legal holds that suspend it for a candidate) and <b>data-subject requests</b> (the
register with its deadlines; a copy for the candidate; erasure, which asks you to type the
candidate's number and writes a deletion certificate). Overdue and due-soon requests show
in the status bar. The retention sweep runs when an administrator signs in and daily
while Candor stays open.</p>
<h3>Fairness</h3>
<p>Scores never use protected attributes, every score shows its parts and evidence, and
a person makes every decision. Candor recommends; it never rejects anyone by itself.</p>
<h3>Interview kiosk</h3>
<p>File → Start kiosk… turns this computer into a full-screen interview kiosk where a
candidate types their login code. Staff leave the kiosk with the operator PIN (6 to 12
digits); wrong guesses make it wait longer before the next try. An administrator sets or
changes the PIN in Settings → Kiosk; the kiosk cannot start until one is set.</p>
<h3>Background work</h3>
<p>Long work (checking models, analysing interviews) runs in the background and appears
in the jobs panel with its progress and a Cancel button. If Candor was closed while an
interview was being analysed, a bar at the top offers to finish that analysis the next
time you sign in (Finish now, or Later / Esc).</p>
"""


def candor_version() -> str:
    try:
        return importlib.metadata.version("candor")
    except importlib.metadata.PackageNotFoundError:
        return "(development)"


class HelpDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle("Candor help")
        self.resize(560, 560)
        self.browser = QTextBrowser()
        self.browser.setHtml(HELP_HTML.format(version=candor_version()))
        self.browser.setOpenExternalLinks(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)

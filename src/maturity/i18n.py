"""Fixed user-facing words of the tool itself, German first, English complete.

Questionnaire content carries its own languages; this catalogue holds only what the tool says around it
(table headings, states, phases). ``LANGUAGES`` lists the languages the tool speaks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

LANGUAGES = ("de", "en")
LANGUAGE_VARIABLE = "MATURITY_LANG"
"""The environment variable that sets the language of messages for scripts (``de`` or ``en``)."""

_chosen: list[str] = []


def set_language(lang: str | None) -> None:
    """Choose the language of messages for this process (``None``: back to the environment's)."""
    _chosen[:] = [lang] if lang in LANGUAGES else []


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Messages in ``lang`` for the duration (a library call that writes words into files)."""
    previous = list(_chosen)
    set_language(lang)
    try:
        yield
    finally:
        _chosen[:] = previous


def language() -> str:
    """The language messages are written in: the one chosen with ``--lang``, else ``MATURITY_LANG``,
    else German."""
    if _chosen:
        return _chosen[0]
    wanted = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return wanted if wanted in LANGUAGES else "de"


@dataclass(frozen=True)
class Text:
    """A message in both languages; it reads as :func:`language` says when it is shown."""

    de: str
    en: str

    def __str__(self) -> str:
        return self.in_language(language())

    def in_language(self, lang: str) -> str:
        return self.en if lang == "en" else self.de


Message = str | Text
"""What a problem says: a :class:`Text`, or a plain text that is the same in every language (a file
name, a value, the words of another program)."""

_CATALOGUE: dict[str, tuple[str, str]] = {
    "area": ("Handlungsfeld", "Action area"),
    "areas": ("Handlungsfelder", "Action areas"),
    "score": ("Punkte", "Score"),
    "level": ("Stufe", "Level"),
    "coverage": ("Abdeckung", "Coverage"),
    "overall": ("Gesamt", "Overall"),
    "of_100": ("von 100", "of 100"),
    "questions": ("Fragen", "Questions"),
    "version": ("Version", "Version"),
    "title": ("Titel", "Title"),
    "id": ("ID", "ID"),
    "status.scored": ("bewertet", "scored"),
    "status.insufficient": ("zu wenig beantwortet", "too few answers"),
    "status.not_applicable": ("nicht zutreffend", "not applicable"),
    "state.scored": ("beantwortet", "answered"),
    "state.unknown": ("weiß nicht", "don't know"),
    "state.na": ("nicht zutreffend", "not applicable"),
    "state.missing": ("offen", "open"),
    "phase.quick_wins": ("Sofort angehen (Quick Wins)", "Start now (quick wins)"),
    "phase.medium_term": ("Mittelfristig", "Medium term"),
    "phase.strategic": ("Strategisch", "Strategic"),
    # the phases in the printed annex's narrow column
    "phase_brief.quick_wins": ("Sofort angehen", "Start now"),
    "phase_brief.medium_term": ("Mittelfristig", "Medium term"),
    "phase_brief.strategic": ("Strategisch", "Strategic"),
    "effort.low": ("gering", "low"),
    "effort.medium": ("mittel", "medium"),
    "effort.high": ("hoch", "high"),
    "gain": ("Zugewinn", "Gain"),
    "capped": ("Stufe begrenzt durch", "level capped by"),
    "overall_capped": ("Gesamtstufe begrenzt durch", "overall level capped by"),
    "answers": ("Antworten", "Answers"),
    "next_steps": ("Nächste Schritte", "Next steps"),
    "no_overall": (
        "Kein Gesamtergebnis: zu wenige Handlungsfelder sind ausreichend beantwortet.",
        "No overall result: too few action areas have enough answers.",
    ),
    "no_overall_share": (
        "ausreichend beantwortet sind Handlungsfelder mit {share} des Gewichts, nötig sind {needed}",
        "the areas answered enough carry {share} of the weight; {needed} is needed",
    ),
    "points": ("Pkt.", "pts"),
    "valid": ("gültig", "valid"),
    "kind.questionnaire": ("Fragebogen", "questionnaire"),
    "kind.answers": ("Antworten", "answers"),
    "kind.mapping": ("Zuordnung", "mapping"),
    "kind.benchmark": ("Vergleichsdatei", "benchmark file"),
    "kind.brand": ("Markendatei", "brand file"),
    "report_hint": ("Bericht erstellen:", "Render the report:"),
    "yes": ("ja", "yes"),
    "no": ("nein", "no"),
    "none_selected": ("keine Auswahl", "nothing selected"),
    "report_title": ("Digitaler Reifegrad", "Digital maturity"),
    "contents": ("Inhalt", "Contents"),
    "municipality": ("Kommune", "Municipality"),
    "ags": ("Amtlicher Gemeindeschlüssel", "Municipality key (AGS)"),
    "population": ("Einwohnerinnen und Einwohner", "Inhabitants"),
    "state": ("Land", "Land"),
    "population_count": ("Einwohnerzahl", "Population"),
    "or_better": ("oder besser", "or better"),
    "at_least": ("mindestens {value}", "at least {value}"),
    "at_most": ("höchstens {value}", "at most {value}"),
    "share_of_points": (
        "mindestens {share} der möglichen Punkte",
        "at least {share} of the points",
    ),
    "not_answered": ("nicht beantwortet", "not answered"),
    "not_confirmed": (
        "von weniger als der Hälfte der Antwortenden bestätigt (im Mittel {score}/100)",
        "confirmed by fewer than half of the respondents ({score}/100 on average)",
    ),
    "mean_answer": ("im Mittel {score}/100", "{score}/100 on average"),
    "due_by": ("fällig bis {date}", "due by {date}"),
    "overdue_since": ("überfällig seit {date}", "overdue since {date}"),
    "na_answered": (
        "Alle Fragen wurden als „nicht zutreffend“ beantwortet.",
        "Every question was answered “not applicable”.",
    ),
    "na_lies_with": (
        "Nicht zutreffend: {who} (laut Profil: {facts}).",
        "Not applicable: {who} (by the profile: {facts}).",
    ),
    "na_profile": (
        "Gilt laut Profil nicht für diese Kommune ({facts}).",
        "Does not apply to this municipality by its profile ({facts}).",
    ),
    "na_profile_and_answers": (
        "Gilt laut Profil nicht für diese Kommune ({facts}); die übrigen Fragen wurden als „nicht "
        "zutreffend“ beantwortet.",
        "Does not apply to this municipality by its profile ({facts}); the other questions were "
        "answered “not applicable”.",
    ),
    "assessed_on": ("Erhoben am", "Assessed on"),
    "assessor": ("Erhoben von", "Assessed by"),
    "questionnaire": ("Fragebogen", "Questionnaire"),
    "respondents": ("Antwortende", "Respondents"),
    "overall_result": ("Gesamtergebnis", "Overall result"),
    "area_overview": ("Übersicht der Handlungsfelder", "Overview of the action areas"),
    "chart_title": (
        "Netzdiagramm der Punkte je Handlungsfeld",
        "Radar chart of the scores per action area",
    ),
    "chart_desc": (
        "Punkte von 0 bis 100 je Handlungsfeld; die Tabelle darüber nennt dieselben Werte.",
        "Scores from 0 to 100 per action area; the table above gives the same values.",
    ),
    "advice": ("Nächster Schritt für dieses Handlungsfeld", "Next step for this action area"),
    "next_level_means": (
        "Was Stufe {level} ({name}) ausmacht",
        "What level {level} ({name}) means",
    ),
    "keep_level": ("Wie Stufe {level} gehalten wird", "How level {level} is kept"),
    "from_one_question": ("aus 1 Frage", "from 1 question"),
    "from_questions": ("aus {n} Fragen", "from {n} questions"),
    "few_questions": ("zu wenige Antworten für eine Stufe", "too few answers for a level"),
    "no_level": ("keine Stufe", "no level"),
    "few_apply": (
        "nur {n} zutreffende Fragen",
        "only {n} questions apply",
    ),
    "few_apply_one": (
        "nur 1 zutreffende Frage",
        "only 1 question applies",
    ),
    "few_answers": (
        "{n} von {needed} nötigen Antworten",
        "{n} of {needed} answers needed",
    ),
    "leads_to": (
        "Wohin diese Phase führt: mit ihren Maßnahmen und denen der Phasen davor "
        "{score}{nbsp}Pkt., Stufe {level} ({name})",
        "Where this phase leads: with its measures and those of the phases before, "
        "{score}{nbsp}points, level {level} ({name})",
    ),
    "leads_to_capped": (
        " – höher erst, wenn die fehlenden Grundlagen stehen",
        " – higher only once the missing foundations are in place",
    ),
    "in_reach": (
        "In Reichweite: Stufe {level} ({name}) mit {score}{nbsp}Pkt., wenn die Maßnahmen bis "
        "einschließlich der Phase „{phase}“ umgesetzt sind.",
        "Within reach: level {level} ({name}) with {score}{nbsp}points once the measures up to and "
        "including the phase \u201c{phase}\u201d are done.",
    ),
    "in_reach_first": (
        "In Reichweite: Stufe {level} ({name}) mit {score}{nbsp}Pkt., wenn die Maßnahmen der Phase "
        "„{phase}“ umgesetzt sind.",
        "Within reach: level {level} ({name}) with {score}{nbsp}points once the measures of the "
        "phase \u201c{phase}\u201d are done.",
    ),
    "held_back": (
        "Die Punkte reichen für Stufe {by_score} ({name}); die Gesamtstufe bleibt bei {level}, "
        "bis diese Grundlage steht:",
        "The score is enough for level {by_score} ({name}); the overall level stays at {level} "
        "until this foundation is in place:",
    ),
    "needed_for": ("für Stufe {level} nötig", "needed for level {level}"),
    "deadline": ("Frist", "Deadline"),
    "weakest": ("Schwächste Antworten", "Weakest answers"),
    "unknown_intro_merged": (
        "Bei diesen Fragen haben Antwortende „weiß nicht“ gewählt. Eine Frage zählt nur dann mit 0 "
        "Punkten, wenn niemand die Antwort wusste; sonst zählen die Antworten der anderen. Klären Sie "
        "sie mit den zuständigen Stellen.",
        "Respondents answered “don't know” to these questions. A question counts with 0 "
        "points only when nobody knew; otherwise the others' answers count. Clarify them with the "
        "departments in charge.",
    ),
    "unknown_respondents": (
        "{n} Antwortende in {k} Kommunen",
        "{n} respondents in {k} municipalities",
    ),
    "unknown_count_one": (
        "1 von {m} Antwortenden wusste es nicht",
        "1 of {m} respondents did not know",
    ),
    "unknown_count": (
        "{n} von {m} Antwortenden wussten es nicht",
        "{n} of {m} respondents did not know",
    ),
    "roadmap": ("Fahrplan", "Roadmap"),
    "roadmap_intro": (
        "Die Empfehlungen sind nach Aufwand in drei Phasen geordnet. In jeder Phase kommt zuerst, was "
        "eine Stufe begrenzt, dann der größte Zugewinn: die Punkte, um die das Gesamtergebnis stiege, "
        "wenn allein diese Frage die volle Punktzahl erreichte. Je Phase stehen hier höchstens {n} "
        "Maßnahmen ab {min} Zugewinn; alle stehen im Anhang. Tragen Sie ein, wer sie bis wann umsetzt.",
        "Recommendations are grouped by effort into three phases. Within each phase, what caps a "
        "level comes first, then the largest gain: the points the overall score would rise if this "
        "question alone reached full score. Each phase shows at most {n} measures with a gain of at "
        "least {min}; all are in the annex. Fill in who carries them out and by when.",
    ),
    "no_recommendations": (
        "Keine Empfehlungen in dieser Phase.",
        "No recommendations in this phase.",
    ),
    "open_questions": ("Offene Fragen", "Open questions"),
    "open_intro": (
        "Diese Fragen sind noch nicht beantwortet; sie senken die Abdeckung.",
        "These questions have no answer yet; they lower the coverage.",
    ),
    "unknown_questions": ("Antworten „weiß nicht“", "Answers \u201cdon't know\u201d"),
    "unknown_intro": (
        "Diese Fragen wurden mit „weiß nicht“ beantwortet und zählen mit 0 Punkten. Klären Sie sie "
        "mit den zuständigen Stellen.",
        "These questions were answered \u201cdon't know\u201d and count with 0 points. Clarify them "
        "with the departments responsible.",
    ),
    "notes": ("Anmerkungen und Nachweise", "Comments and evidence"),
    "comparison": ("Veränderung seit der letzten Erhebung", "Change since the last assessment"),
    "improved": ("Verbessert", "Improved"),
    "worsened": ("Verschlechtert", "Worsened"),
    "before": ("vorher", "before"),
    "now": ("jetzt", "now"),
    "change": ("Veränderung", "Change"),
    "method": ("Methode", "Method"),
    "method_intro": (
        "Jede beantwortete Frage ergibt 0 bis 1 Punkt; „weiß nicht“ zählt 0, „nicht zutreffend“ nimmt die "
        "Frage heraus. Ein Handlungsfeld erhält den gewichteten Mittelwert seiner beantworteten Fragen "
        "mal 100, wenn mindestens {coverage} seines Fragengewichts beantwortet ist. Eine Stufe erhält "
        "es erst ab {questions} beantworteten Fragen: Mit weniger Antworten zeigt der Bericht die Punkte "
        "ohne Stufe, und das Handlungsfeld zählt im Gesamtergebnis nur anteilig (mit einer von {questions} "
        "nötigen Antworten zu 1/{questions} seines Gewichts). Das Gesamtergebnis ist der gewichtete "
        "Mittelwert der bewerteten Handlungsfelder.",
        "Every answered question scores 0 to 1; \u201cdon't know\u201d counts 0, \u201cnot applicable\u201d "
        "removes the question. An action area gets the weighted mean of its answered questions times 100 "
        "if at least {coverage} of its question weight is answered. It gets a level only from "
        "{questions} answered questions on: with fewer answers the report shows the score without a "
        "level, and the area counts in the overall score only in part (with one of {questions} answers "
        "needed, at 1/{questions} of its weight). The overall score is the weighted mean of the scored "
        "action areas.",
    ),
    "method_gates": (
        "Grundlagen begrenzen Stufen: Solange eine Grundlagenfrage nicht mindestens mit der genannten "
        "Antwort beantwortet ist – auch wenn sie offen bleibt oder mit „weiß nicht“ beantwortet ist –, "
        "erreicht ihr Handlungsfeld höchstens die genannte Stufe; einige Grundlagen begrenzen auch die "
        "Gesamtstufe. Nur eine Frage, die laut Profil nicht gilt oder als „nicht zutreffend“ beantwortet "
        "ist, begrenzt nichts. Antworten mehrere Personen für eine Kommune, zählt je Frage der "
        "Mittelwert ihrer Antworten, und eine Grundlage gilt als vorhanden, wenn mehr als die Hälfte "
        "derer, die die Frage beantwortet haben, sie bestätigen.",
        "Foundations cap levels: as long as a foundation question is not answered with at least the "
        "answer named – also while it is left open or answered \u201cdon't know\u201d – its action area "
        "reaches at most the level named; some foundations cap the overall level too. Only a question "
        "that does not apply by the profile or is answered \u201cnot applicable\u201d caps nothing. "
        "Where several people answer for one municipality, each question counts the mean of their "
        "answers, and a foundation is in place when more than half of those who answered the question "
        "confirm it.",
    ),
    "gates_table": ("Grundlagen", "Foundations"),
    "needed": ("nötig dafür", "needed"),
    "gate_caps": ("begrenzt auf", "caps at"),
    "gate_overall": ("auch die Gesamtstufe", "the overall level too"),
    "levels": ("Stufen", "Levels"),
    "description": ("Beschreibung", "Description"),
    "from_score": ("ab Punkten", "from score"),
    "weight": ("Gewicht", "Weight"),
    "references": ("Quellen und Standards", "Sources and standards"),
    "question": ("Frage", "Question"),
    "answer": ("Antwort", "Answer"),
    "comment": ("Anmerkung", "Comment"),
    "evidence": ("Nachweis", "Evidence"),
    "caps_level": ("begrenzt die Stufe", "caps the level"),
    "capped_note": (
        "Die Stufe ist begrenzt, weil eine Grundlage fehlt:",
        "The level is capped because a foundation is missing:",
    ),
    "effort": ("Aufwand", "Effort"),
    "spread": ("Spannweite der Antwortenden", "Range across respondents"),
    "peers": ("Vergleich mit ähnlichen Kommunen", "Compared with peers"),
    "peers_intro": (
        "Wie die Kommunen einer Vergleichsgruppe abschneiden: der Median und die mittlere Hälfte "
        "(vom unteren bis zum oberen Viertel), aus {source}.",
        "How the municipalities of a peer group score: the median and the middle half (from the "
        "lower to the upper quartile), from {source}.",
    ),
    "peers_evaluation": (
        "der Auswertung vom {date}{export}",
        "the evaluation of {date}{export}",
    ),
    "peer_group": ("Vergleichsgruppe", "Peer group"),
    "your_score": ("Ihr Wert", "Your score"),
    "peer_median": ("Median", "Median"),
    "peer_middle": ("mittlere Hälfte", "middle half"),
    "peer_position": ("Einordnung", "Position"),
    "position.top": ("im oberen Viertel", "in the top quarter"),
    "position.upper": ("über dem Median", "above the median"),
    "position.at": ("beim Median", "at the median"),
    "position.lower": ("unter dem Median", "below the median"),
    "position.bottom": ("im unteren Viertel", "in the bottom quarter"),
    "municipalities_n": ("{n} Kommunen", "{n} municipalities"),
    "glance": ("Auf einen Blick", "At a glance"),
    "level_of": ("Stufe {level} von {count}", "Level {level} of {count}"),
    "to_next_level": (
        "noch {points} bis Stufe {level} ({name})",
        "{points} to level {level} ({name})",
    ),
    "top_level": ("höchste Stufe erreicht", "highest level reached"),
    "since": ("seit {date}", "since {date}"),
    "since_last": ("seit der letzten Erhebung", "since the last assessment"),
    "next_three": ("Die nächsten Schritte", "The next steps"),
    "caps_heading": ("Was eine höhere Stufe verhindert", "What holds a level back"),
    "other_duties": ("Weitere offene Pflichtaufgaben", "Other open legal duties"),
    "also_capped": ("Sie begrenzt auch", "It also caps"),
    "capped_at": ("höchstens Stufe {level}", "level {level} at most"),
    "cap_line": (
        "{area}: höchstens Stufe {level}, solange offen ist:",
        "{area}: level {level} at most while this is open:",
    ),
    "bars_heading": ("Handlungsfelder nach Punkten", "Action areas by score"),
    "legend_score": ("Punkte", "Score"),
    "legend_previous": ("letzte Erhebung", "last assessment"),
    "legend_peer": ("Median", "Median"),
    "legend_bands": ("Stufen:", "Levels:"),
    "legend_target": ("Ziel", "Target"),
    "targets_hint": (
        "Ziele (freiwillig): die angestrebte Stufe je Handlungsfeld, z. B. targets: {sicherheit: 4}. "
        "Stufen:",
        "Targets (optional): the level aimed for per action area, e.g. targets: {sicherheit: 4}. "
        "Levels:",
    ),
    "duties": ("Offene Pflichtaufgaben", "Open legal duties"),
    "more_duties": (
        "und {n} weitere (Abschnitt „Offene Pflichtaufgaben“)",
        'and {n} more (section "Open legal duties")',
    ),
    "duty": ("Pflicht", "Duty"),
    "duty_tag": ("Pflichtaufgabe", "legal duty"),
    "profile": ("Profil der Kommune", "Municipality profile"),
    "profile_intro": (
        "Diese Angaben kommen zuerst und werden nicht bewertet: Sie entscheiden, welche Fragen "
        "gestellt werden.",
        "These come first and are not scored: they decide which questions are asked.",
    ),
    "applies_to": ("Gilt für", "Applies to"),
    "only_for": ("nur für", "only for"),
    "routed_out": ("entfällt laut Profil", "does not apply by the profile"),
    "duties_intro": (
        "Diese Fragen stehen für gesetzliche Pflichten, die noch nicht voll erfüllt sind: unabhängig "
        "vom Reifegrad, und im Fahrplan jeweils zuerst.",
        "These questions stand for legal duties that are not yet fully met: apart from maturity, and "
        "first in the roadmap.",
    ),
    "target": ("Ziel", "Target"),
    "to_target": ("Bis zum Ziel", "To the target"),
    "target_reached": ("erreicht", "reached"),
    "target_capped": ("Stufe begrenzt", "level capped"),
    "facts": ("Rahmendaten", "Key facts"),
    "number": ("Nr.", "No."),
    "measure": ("Maßnahme", "Measure"),
    "owner": ("Verantwortlich", "Owner"),
    "due": ("Bis wann", "Due"),
    "phase_short": ("Phase", "Phase"),
    "in_annex": (
        "{n} weitere Empfehlungen dieser Phase stehen im Anhang.",
        "{n} more recommendations of this phase are in the annex.",
    ),
    "in_annex_one": (
        "Eine weitere Empfehlung dieser Phase steht im Anhang.",
        "One more recommendation of this phase is in the annex.",
    ),
    "annex": ("Anhang", "Annex"),
    "guidance": ("Quellen", "Sources"),
    "all_recommendations": ("Alle Empfehlungen", "All recommendations"),
    "all_recommendations_intro": (
        "Jede Empfehlung mit ihrer Phase und ihrem Zugewinn; die Nummern sind die des Fahrplans.",
        "Every recommendation with its phase and gain; the numbers are those of the roadmap.",
    ),
    "page_of": ("Seite {page} von {pages}", "Page {page} of {pages}"),
    "overall_rank": (
        "Platz {place} von {count} in der ganzen Auswertung",
        "place {place} of {count} in the whole evaluation",
    ),
    "peer_rank": (
        "Platz {place} von {count} in der Größenklasse",
        "Place {place} of {count} in the size class",
    ),
    "back_to_overview": (
        "Zur Übersicht aller Kommunen",
        "Back to the overview of all municipalities",
    ),
    "made_on": ("Ausgewertet am", "Evaluated on"),
    "question_score_change": (
        "Veränderung (Frage, 0–100)",
        "Change (question, 0–100)",
    ),
    "earlier_version_note": (
        "Die frühere Erhebung wurde mit Version {version} des Fragebogens ausgewertet. Verglichen "
        "werden die Handlungsfelder und die Fragen, die beide Versionen gleich bewerten.",
        "The earlier assessment was scored with version {version} of the questionnaire. The action "
        "areas are compared, and the questions that both versions score alike.",
    ),
    "question_change_note": (
        "Je Frage: die Punkte der Frage von 0 bis 100 vorher und jetzt; die Handlungsfelder und das "
        "Gesamtergebnis ändern sich je nach Gewicht um weniger.",
        "Per question: the question's own score from 0 to 100 before and now; the action areas and "
        "the overall score change by less, depending on the weights.",
    ),
    "show_more_changes": ("… und {n} weitere Fragen", "… and {n} more questions"),
    "generated": ("Erstellt mit maturity {version}", "Created with maturity {version}"),
    "none": ("keine", "none"),
    "more_changes": ("… und {n} weitere Fragen.", "… and {n} more questions."),
    "see_area": ("Handlungsfeld", "Action area"),
    "options": ("Antwortmöglichkeiten", "Answer options"),
    "help": ("Hinweis", "Note"),
    "na_allowed": ("„nicht zutreffend“ möglich", "\u201cnot applicable\u201d allowed"),
    "unknown_allowed": (
        "„weiß nicht“ ist immer möglich.",
        "\u201cDon't know\u201d is always possible.",
    ),
    "range": ("Bereich", "Range"),
    "number_answer": ("Zahl", "Number"),
    "multiple": ("Mehrfachauswahl", "multiple choice"),
    "free_text": ("Freitext", "free text"),
    "question_count": ("{n} Fragen", "{n} questions"),
    "ways_heading": ("So wird geantwortet", "How to answer"),
    "ways": (
        "Im Browser, auch ohne Netz: maturity export-form -q {id} -f html -o formular.html – eine "
        "Datei, die man per E-Mail schickt; sie speichert eine Antwortdatei.\n"
        "Im Terminal: maturity assess -q {id} -o antworten.yaml – für die IT-Leitung, Frage für "
        "Frage.\n"
        "In Arbeitsmappen je Fachbereich: maturity template -q {id} -f xlsx --split -o vorlagen/ und "
        "danach maturity merge vorlagen/ -o antworten.yaml – wenn mehrere Stellen antworten.\n"
        "Als Online-Umfrage für viele Kommunen: maturity export-form -q {id} -f xlsform (KoboToolbox, "
        "ODK) oder -f limesurvey; den Export wertet maturity batch aus.",
        "In a browser, also offline: maturity export-form -q {id} -f html -o form.html – one file "
        "to send by e-mail; it saves an answers file.\n"
        "In the terminal: maturity assess -q {id} -o answers.yaml – for the IT lead, question by "
        "question.\n"
        "In workbooks per department: maturity template -q {id} -f xlsx --split -o templates/, then "
        "maturity merge templates/ -o answers.yaml – when several offices answer.\n"
        "As an online survey of many municipalities: maturity export-form -q {id} -f xlsform "
        "(KoboToolbox, ODK) or -f limesurvey; maturity batch scores the export.",
    ),
    "template_intro": (
        "Antwortvorlage: Antworten hinter dem Doppelpunkt eintragen; leere Einträge gelten als offen.",
        "Answer template: write each answer after the colon; empty entries count as open.",
    ),
    "ags_hint": (
        "8-stelliger Amtlicher Gemeindeschlüssel, in Anführungszeichen",
        "8-digit municipality key, in quotes",
    ),
    "date_hint": (
        "Datum der Erhebung, z. B. 2026-11-01",
        "date of the assessment, e.g. 2026-11-01",
    ),
    "sheet_answers": ("Antworten", "Answers"),
    "sheet_municipality": ("Kommune", "Municipality"),
    "col_id": ("ID", "ID"),
    "col_area": ("Handlungsfeld", "Action area"),
    "col_question": ("Frage", "Question"),
    "col_help": ("Hinweis", "Note"),
    "col_answer": ("Antwort", "Answer"),
    "col_comment": ("Anmerkung", "Comment"),
    "col_evidence": ("Nachweis", "Evidence"),
    "col_answered_by": ("Antwort kennt meist", "Usually known by"),
    "unit_general": ("Allgemein", "General"),
    "col_field": ("Angabe", "Field"),
    "col_value": ("Wert", "Value"),
    "assess.intro": (
        "Selbstcheck {title}: bis zu {scored} bewertete Fragen in {k} Handlungsfeldern; welche "
        "gestellt werden, entscheiden die Angaben zur Kommune am Anfang. Jede Antwort wird sofort "
        "gespeichert in {path}.",
        "Self-check {title}: up to {scored} scored questions in {k} action areas; the details of "
        "the municipality asked first decide which are put. Every answer is saved at once to "
        "{path}.",
    ),
    "assess.plan": (
        "Für Ihre Kommune: {n} Fragen in {k} Handlungsfeldern, {open} davon offen.",
        "For your municipality: {n} questions in {k} action areas, {open} of them open.",
    ),
    "assess.areas_left_out": (
        "Nicht gefragt, weil davon nichts auf Ihre Kommune zutrifft: {areas}.",
        "Not asked, as none of it applies to your municipality: {areas}.",
    ),
    "assess.keys": (
        "Tasten: Ziffern wählen eine Antwort, w weiß nicht, n nicht zutreffend, h Hilfe, k Kommentar, "
        "z zurück, s überspringen, f Handlungsfeld wählen, b beenden.",
        "Keys: digits choose an answer, d don't know, n not applicable, h help, c comment, b back, "
        "s skip, a choose an action area, q quit.",
    ),
    "assess.name": ("Name der Kommune:", "Name of the municipality:"),
    "assess.ags": (
        "Amtlicher Gemeindeschlüssel (8 Ziffern, Enter = keine Angabe):",
        "Municipality key AGS (8 digits, Enter = none):",
    ),
    "assess.ags_invalid": (
        "Bitte genau 8 Ziffern eingeben, z. B. 09162000.",
        "Please enter exactly 8 digits, e.g. 09162000.",
    ),
    "assess.population": ("Einwohnerzahl (Enter = keine Angabe):", "Population (Enter = none):"),
    "assess.population_invalid": (
        "Bitte eine ganze Zahl eingeben.",
        "Please enter a whole number.",
    ),
    "assess.state": ("Land:", "State:"),
    "assess.no_state": ("keine Angabe", "not given"),
    "assess.assessor": (
        "Wer füllt den Selbstcheck aus? (Enter = keine Angabe)",
        "Who is filling in the self-check? (Enter = none)",
    ),
    "assess.required": ("Bitte einen Namen eingeben.", "Please enter a name."),
    "assess.progress": (
        "Handlungsfeld {k}/{K}: {area} · Frage {n}/{m}",
        "Action area {k}/{K}: {area} · question {n}/{m}",
    ),
    "assess.knows": ("Antwort kennt meist: {who}", "Usually known by: {who}"),
    "assess.current": ("Bisherige Antwort: {answer}", "Current answer: {answer}"),
    "assess.number": (
        "Eine Zahl{range} eingeben; Enter ohne Zahl öffnet weitere Möglichkeiten (weiß nicht, "
        "überspringen …).",
        "Enter a number{range}; Enter without a number opens more choices (don't know, skip …).",
    ),
    "assess.answer": ("Antwort:", "Answer:"),
    "assess.number_invalid": (
        "Bitte eine Zahl{range} eingeben oder Enter für weitere Möglichkeiten.",
        "Please enter a number{range}, or Enter for more choices.",
    ),
    "assess.text": (
        "Enter ohne Text überspringt die Frage; ? öffnet weitere Möglichkeiten.",
        "Enter without text skips the question; ? opens more choices.",
    ),
    "assess.tick": ("Optionen ankreuzen …", "Tick options …"),
    "assess.checkbox": (
        "Zutreffendes ankreuzen (Leertaste), Enter bestätigt:",
        "Tick what applies (space), Enter confirms:",
    ),
    "assess.exclusive": (
        "„{option}“ lässt sich nicht mit anderen Optionen kombinieren.",
        "\u201c{option}\u201d cannot be combined with other options.",
    ),
    "assess.menu": ("Was möchten Sie tun?", "What would you like to do?"),
    "assess.enter_number": ("Zahl eingeben", "Enter a number"),
    "assess.enter_text": ("Text eingeben", "Enter a text"),
    "assess.help": ("Hilfe anzeigen", "Show help"),
    "assess.no_help": (
        "Zu dieser Frage gibt es keinen Hinweis.",
        "There is no note for this question.",
    ),
    "assess.comment": ("Kommentar oder Nachweis hinzufügen", "Add a comment or evidence"),
    "assess.comment_prompt": ("Kommentar (Enter = unverändert):", "Comment (Enter = unchanged):"),
    "assess.evidence_prompt": (
        "Nachweis, z. B. Link oder Aktenzeichen (Enter = unverändert):",
        "Evidence, e.g. a link or file reference (Enter = unchanged):",
    ),
    "assess.back": ("zurück zur vorigen Frage", "back to the previous question"),
    "assess.skip": ("überspringen", "skip"),
    "assess.jump": ("Handlungsfeld wählen", "choose an action area"),
    "assess.quit": ("speichern und beenden", "save and quit"),
    "assess.jump_prompt": ("Zu welchem Handlungsfeld?", "Which action area?"),
    "assess.saved": ("Gespeichert in {path}.", "Saved to {path}."),
    "assess.resume_hint": (
        "Weitermachen mit: maturity assess -q {q} -o {path} --resume",
        "Continue with: maturity assess -q {q} -o {path} --resume",
    ),
    "assess.open_left": ("{n} Fragen sind noch offen.", "{n} questions are still open."),
    "assess.done": ("Alle Fragen sind beantwortet.", "All questions are answered."),
    "assess.locked": (
        "an dieser Datei arbeitet gerade ein anderes 'maturity assess'; beenden Sie es dort zuerst "
        "(sonst gingen dessen Antworten verloren)",
        "another 'maturity assess' is working on this file; finish it there first (or its answers "
        "would be lost)",
    ),
    "assess.targets_intro": (
        "Ziele: Welche Stufe soll jedes Handlungsfeld bis zur nächsten Erhebung erreichen? Der "
        "Bericht zeigt dann, wie weit es noch ist.",
        "Targets: which level should each action area reach by the next assessment? The report then "
        "shows how far it still is.",
    ),
    "assess.target_prompt": ("Zielstufe für {area}:", "Target level for {area}:"),
    "assess.no_target": ("kein Ziel", "no target"),
    "assess.input_ended": (
        "Die Eingabe ist zu Ende (keine weiteren Antworten lesbar).",
        "The input has ended (no more answers to read).",
    ),
    "assess.exists": (
        "die Datei gibt es schon; --resume setzt dort fort, --force beginnt neu und überschreibt sie",
        "the file exists already; --resume continues it, --force starts over and overwrites it",
    ),
    "no_result": ("keine Stufe", "no level"),
    "unknown_size": ("Größe unbekannt", "size unknown"),
    "overview_title": ("Auswertung", "Evaluation"),
    "overview_facts": (
        "{municipalities} Kommunen aus {rows_scored} von {rows_read} Zeilen; {rows_rejected} Zeilen abgelehnt (siehe errors.csv).",
        "{municipalities} municipalities from {rows_scored} of {rows_read} rows; {rows_rejected} rows rejected (see errors.csv).",
    ),
    "overview_facts_one_rejected": (
        "{municipalities} Kommunen aus {rows_scored} von {rows_read} Zeilen; 1 Zeile abgelehnt (siehe errors.csv).",
        "{municipalities} municipalities from {rows_scored} of {rows_read} rows; 1 row rejected (see errors.csv).",
    ),
    "overview_blank": (
        "{blank} leere Zeilen zwischen den Antworten wurden übersprungen.",
        "{blank} blank lines between the answers were skipped.",
    ),
    "overview_blank_one": (
        "1 leere Zeile zwischen den Antworten wurde übersprungen.",
        "1 blank line between the answers was skipped.",
    ),
    "all_municipalities": ("alle Kommunen", "all municipalities"),
    "no_state": ("ohne Land (keine AGS)", "no Land (no AGS)"),
    "kreis": ("Kreis", "Kreis"),
    "kreis_key": ("Kreis {key}", "Kreis {key}"),
    "kreise_of": ("Kreise in {state}", "Kreise in {state}"),
    "kreise_intro": (
        "Die Rangliste dieses Landes steht je Kreis auf einer eigenen Seite (Kreisschlüssel aus "
        "der AGS).",
        "This Land's ranking is on one page per Kreis (Kreis key from the AGS).",
    ),
    "median": ("Median", "Median"),
    "inhabitants_short": ("Einw.", "Inhab."),
    "trend": ("Veränderung", "Change"),
    "shares": ("Anteile der Stufen", "Shares of the levels"),
    "by_state": ("Stufen nach Land", "Levels by Land"),
    "by_state_intro": (
        "Je Land: Anzahl der Kommunen, Median der Gesamtpunkte und wie viele welche Stufe erreichen; "
        "der Name führt zur Rangliste des Landes.",
        "Per Land: the number of municipalities, the median overall score and how many reach each "
        "level; the name leads to the Land's ranking.",
    ),
    "by_size": ("Stufen nach Größenklasse", "Levels by size class"),
    "area_medians": ("Handlungsfelder: Mediane", "Action areas: medians"),
    "area_medians_intro": (
        "Median der Punkte je Handlungsfeld, gefärbt nach der Stufe, die er erreicht; Gruppen mit "
        "weniger als {n} Kommunen bleiben leer.",
        "Median score per action area, coloured by the level it reaches; groups of fewer than {n} "
        "municipalities stay empty.",
    ),
    "area_medians_state": ("Nach Land", "By Land"),
    "foundations": ("Fehlende Grundlagen", "Missing foundations"),
    "foundations_intro": (
        "Fragen, deren Fehlen die Stufe eines Handlungsfelds (und teils die Gesamtstufe) begrenzt: in "
        "wie vielen der Kommunen, für die sie gilt, die Grundlage fehlt. Sie gilt als vorhanden, wenn "
        "mehr als die Hälfte der Antwortenden einer Kommune, die die Frage beantwortet haben, sie "
        "bestätigen; ohne Antwort fehlt sie.",
        "Questions whose absence caps an action area's level (and some the overall level): in how "
        "many of the municipalities they apply to the foundation is missing. It is in place where "
        "more than half of a municipality's respondents who answered the question confirm it; "
        "without an answer it is missing.",
    ),
    "missing_in": ("fehlt in", "missing in"),
    "share": ("Anteil", "Share"),
    "caps_at": ("begrenzt auf Stufe", "caps at level"),
    "need_help": (
        "Kommunen mit dem größten Unterstützungsbedarf",
        "Municipalities most in need of help",
    ),
    "need_help_intro_uncapped": (
        "Die {n} Kommunen mit den niedrigsten Gesamtpunkten; bei keiner begrenzt eine fehlende "
        "Grundlage ein Handlungsfeld.",
        "The {n} municipalities with the lowest overall scores; in none of them does a missing "
        "foundation cap an action area.",
    ),
    "need_help_intro": (
        "Die {n} Kommunen mit den niedrigsten Gesamtpunkten und wie viele ihrer Handlungsfelder eine "
        "fehlende Grundlage begrenzt.",
        "The {n} municipalities with the lowest overall scores, and how many of their action areas "
        "a missing foundation caps.",
    ),
    "capped_areas": ("begrenzte Felder", "capped areas"),
    "compared_with": ("verglichen mit {source}", "compared with {source}"),
    "trend_heading": ("Veränderung seit {source}", "Change since {source}"),
    "trend_facts": (
        "{compared} Kommunen in beiden Erhebungen: {improved} verbessert, {worsened} verschlechtert "
        "(um mindestens 0,1 Punkte); {new} neu dabei.",
        "{compared} municipalities in both surveys: {improved} improved, {worsened} worsened (by "
        "0.1 points or more); {new} new.",
    ),
    "filter_label": ("Suchen (Name oder AGS):", "Search (name or AGS):"),
    "filter_shown": ("angezeigt:", "shown:"),
    "ranking_intro": (
        "Nach Rang sortiert; die Spaltenköpfe sortieren um. Die Felder rechts sind die Handlungsfelder, "
        "gefärbt nach ihrer Stufe.",
        "Sorted by rank; the column headings sort anew. The cells on the right are the action areas, "
        "coloured by their level.",
    ),
    "legend_levels": ("Stufen:", "Levels:"),
    "ranking_rank_of_all": (
        "Der Rang ist der Platz unter allen {n} Kommunen der Auswertung, nicht nur unter denen "
        "dieser Seite.",
        "The rank is the place among all {n} municipalities of the evaluation, not only those on "
        "this page.",
    ),
    "ags_short": ("AGS", "AGS"),
    "search_title": ("Kommune suchen", "Find a municipality"),
    "search_intro": (
        "Alle {n} Kommunen von A bis Z, mit Punkten, Stufe und Rang unter allen. Der Name führt zum "
        "Bericht, das Land zur Rangliste des Landes.",
        "All {n} municipalities from A to Z, with score, level and rank among all. The name leads to "
        "the report, the Land to the Land's ranking.",
    ),
    "search_label": ("Kommune suchen (Name oder AGS):", "Find a municipality (name or AGS):"),
    "search_button": ("Suchen", "Search"),
    "search_all": ("alle Kommunen von A bis Z", "all municipalities from A to Z"),
    "capped_cell": (
        "Stufe durch eine fehlende Grundlage begrenzt",
        "level held back by a missing foundation",
    ),
    "capped_mark": (
        "* Die Stufe dieses Handlungsfelds begrenzt eine fehlende Grundlage.",
        "* A missing foundation holds this action area's level back.",
    ),
    "no_level_mark": (
        "Schraffiert: keine Stufe – mit Punkten, wo zu wenige zutreffende Fragen beantwortet sind; "
        "„–“, wo das Handlungsfeld nicht zutrifft oder keine Antwort hat.",
        "Hatched: no level – with a score where too few of the questions that apply were answered; "
        "“–” where the action area does not apply or has no answer.",
    ),
    "ranking": ("Rangliste", "Ranking"),
    "rank": ("Rang", "Rank"),
    "heatmap": ("Heatmap: Handlungsfelder je Kommune", "Heat map: action areas per municipality"),
    "heatmap_limit": (
        "Die Heatmap zeigt die {n} bestplatzierten Kommunen; alle stehen in summary.csv.",
        "The heat map shows the {n} best-ranked municipalities; all of them are in summary.csv.",
    ),
    "distribution": ("Verteilung der Stufen", "Distribution of levels"),
    "peer_groups": ("Vergleichsgruppen nach Einwohnerzahl", "Peer groups by population"),
    "size_class": ("Größenklasse", "Size class"),
    "count": ("Anzahl", "Count"),
    "mean": ("Mittelwert", "Mean"),
    "weakest_all": (
        "Schwächste Fragen über alle Kommunen",
        "Weakest questions across all municipalities",
    ),
    "answered_by": ("beantwortet von", "answered by"),
    "knows_answer": ("Antwort kennt meist", "Usually known by"),
    "usage_prefix": ("Aufruf:", "Usage:"),
    "options_metavar": ("[OPTIONEN]", "[OPTIONS]"),
    "command_metavar": ("BEFEHL [ARGUMENTE]...", "COMMAND [ARGS]..."),
    "help_option": ("Diese Hilfe zeigen und beenden.", "Show this message and exit."),
    "help_install_completion": (
        "Vervollständigung für die aktuelle Shell einrichten.",
        "Install completion for the current shell.",
    ),
    "help_show_completion": (
        "Vervollständigung für die aktuelle Shell zeigen, zum Kopieren oder Anpassen.",
        "Show completion for the current shell, to copy it or customize the installation.",
    ),
    "report": ("Bericht", "Report"),
    "source": ("Quelle", "Source"),
    "xlsx_choose": (
        "Bitte einen Eintrag aus der Liste wählen.",
        "Please choose an entry from the list.",
    ),
    "form.unknown": ("Weiß nicht", "Don't know"),
    "form.na": ("Nicht zutreffend", "Not applicable"),
    "form.yes": ("Ja", "Yes"),
    "form.no": ("Nein", "No"),
    "form.status": ("Keine Zahl zur Hand?", "No figure at hand?"),
    "form.status_hint": (
        "Nur wählen, wenn Sie oben keine Zahl angeben können.",
        "Only if you cannot give a figure above.",
    ),
    "form.municipality": ("Ihre Kommune", "Your municipality"),
    "form.name": ("Name der Kommune", "Name of the municipality"),
    "form.ags": ("Amtlicher Gemeindeschlüssel (AGS)", "Official municipality key (AGS)"),
    "form.ags_hint": (
        "8 Ziffern, z. B. 05315000 für Köln; zu finden im Gemeindeverzeichnis (GV-ISys) "
        "des Statistischen Bundesamtes.",
        "8 digits, e.g. 05315000 for Cologne; listed in the municipality directory (GV-ISys) "
        "of the Federal Statistical Office.",
    ),
    "form.ags_error": (
        "Bitte die 8 Ziffern des AGS angeben.",
        "Please enter the 8 digits of the AGS.",
    ),
    "form.population": ("Einwohnerzahl", "Population"),
    "form.range_error": (
        "Bitte eine Zahl von {low} bis {high} angeben.",
        "Please enter a number from {low} to {high}.",
    ),
    "form.min_error": (
        "Bitte eine Zahl ab {low} angeben.",
        "Please enter a number of at least {low}.",
    ),
    "form.exclusive_error": (
        "Nur allein wählbar, nicht zusammen mit anderen Antworten: {label}.",
        "Can only be chosen on its own, not together with other answers: {label}.",
    ),
    "form.unit": ("Einheit: {unit}", "Unit: {unit}"),
    "form.intro": (
        "Bitte beantworten Sie die Fragen so gut Sie können. Wenn Sie etwas nicht wissen, wählen Sie "
        "„Weiß nicht“; „Nicht zutreffend“ gibt es, wo eine Aufgabe nicht überall Sache der Kommune ist.",
        "Please answer as well as you can. If you do not know something, choose “Don't know”; "
        "“Not applicable” is offered where a task is not everywhere the municipality's.",
    ),
    "hform.answeredBy": ("Weiß meist", "Usually known by"),
    "hform.unit": ("Einheit", "Unit"),
    "hform.figure": ("Zahl", "Figure"),
    "hform.noFigure": ("Keine Zahl zur Hand?", "No figure at hand?"),
    "hform.commentEvidence": ("Kommentar und Nachweis", "Comment and evidence"),
    "hform.comment": ("Kommentar", "Comment"),
    "hform.evidence": (
        "Nachweis (Dokument, Beschluss oder Adresse)",
        "Evidence (document, decision or address)",
    ),
    "hform.notANumber": (
        "Bitte eine Zahl angeben, etwa 62,5.",
        "Please enter a number, such as 62.5.",
    ),
    "hform.range": (
        "Bitte eine Zahl von {low} bis {high} angeben.",
        "Please enter a number from {low} to {high}.",
    ),
    "hform.stateFromAgs": ("aus dem AGS", "from the AGS"),
    "hform.state": ("Land", "Land (federal state)"),
    "hform.assessedOn": ("Stand der Angaben", "Date of the answers"),
    "hform.assessedOnHint": (
        "Das Datum, zu dem die Antworten gelten; Fristen werden daran gemessen.",
        "The date the answers hold for; deadlines are measured against it.",
    ),
    "hform.assessor": ("Ausgefüllt von", "Filled in by"),
    "hform.profileIntro": (
        "Diese Angaben entscheiden, welche Fragen für Ihre Kommune gelten; was nicht gilt, wird "
        "ausgeblendet.",
        "These facts decide which questions apply to your municipality; what does not apply is "
        "hidden.",
    ),
    "hform.noAnswer": ("keine Angabe", "no answer"),
    "hform.areaProgress": (
        "{done} von {count} Fragen beantwortet",
        "{done} of {count} questions answered",
    ),
    "hform.notAsked": (
        "Für Ihre Kommune wird hier nichts gefragt (nach den Angaben zur Kommune).",
        "Nothing is asked here for your municipality (by the facts given about it).",
    ),
    "hform.notAskedShort": ("nicht gefragt", "not asked"),
    "hform.progress": (
        "{done} von {count} Fragen beantwortet",
        "{done} of {count} questions answered",
    ),
    "hform.fileHeader": (
        "Antworten aus dem Formular von maturity; hinter einer Option steht ihr Text",
        "answers from the maturity form; each option is followed by its text",
    ),
    "hform.fileWord": ("antworten", "answers"),
    "hform.saved": (
        "Gespeichert. Die Datei nimmt maturity report, score und assess --resume; hier laden setzt "
        "die Arbeit fort.",
        "Saved. maturity report, score and assess --resume take the file; loading it here continues "
        "the work.",
    ),
    "hform.savedSkipped": (
        "Gespeichert, ohne diese ungültigen Angaben: {list}",
        "Saved, without these invalid entries: {list}",
    ),
    "hform.loadFailed": (
        "Diese Datei lässt sich nicht lesen (Zeile {line}); laden Sie eine Antwortdatei, die dieses "
        "Formular, maturity assess oder maturity template geschrieben hat.",
        "Cannot read this file (line {line}); load an answers file written by this form, maturity "
        "assess or maturity template.",
    ),
    "hform.otherQuestionnaire": (
        "Diese Antworten gehören zum Fragebogen „{id}“, nicht zu diesem.",
        "These answers belong to the questionnaire “{id}”, not to this one.",
    ),
    "hform.loaded": (
        "Geladen: Sie können weitermachen.",
        "Loaded: you can go on.",
    ),
    "hform.language": ("Sprache", "Language"),
    "hform.save": ("Antworten speichern", "Save answers"),
    "hform.load": ("Antwortdatei laden", "Load an answers file"),
    "hform.intro": (
        "Das Formular arbeitet nur in diesem Browser: nichts wird gesendet. Ihre Eingaben bleiben hier "
        "erhalten, auch wenn Sie die Datei schließen und wieder öffnen. „Antworten speichern“ legt "
        "eine Antwortdatei ab, die Sie weitergeben oder später hier wieder laden.",
        "The form works in this browser only: nothing is sent. What you enter stays here, also when "
        "you close and reopen the file. “Save answers” writes an answers file to pass on or to load "
        "here again later.",
    ),
    "hform.noscript": (
        "Dieses Formular braucht JavaScript. Alternativ: maturity assess im Terminal oder die "
        "XLSX-Vorlage (maturity template -f xlsx).",
        "This form needs JavaScript. Alternatively: maturity assess in the terminal or the XLSX "
        "template (maturity template -f xlsx).",
    ),
    "form.end": (
        "Vielen Dank! Ihre Antworten werden mit maturity ausgewertet.",
        "Thank you! Your answers will be scored with maturity.",
    ),
}


def words_starting(prefix: str) -> dict[str, tuple[str, str]]:
    """The fixed texts whose keys start with ``prefix`` (without it), German and English."""
    return {k.removeprefix(prefix): v for k, v in _CATALOGUE.items() if k.startswith(prefix)}


def t(key: str, lang: str = "de") -> str:
    """The fixed text ``key`` in ``lang`` (German for any language the tool does not speak)."""
    german, english = _CATALOGUE[key]
    return english if lang == "en" else german

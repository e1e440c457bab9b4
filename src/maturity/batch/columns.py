"""The per-municipality columns every page of a batch overview is made from (the landing page and the
ranking pages alike), the Länder present in them, and the legend of the level colours."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from markupsafe import Markup

from maturity.batch.entities import places
from maturity.batch.run import BatchResult
from maturity.i18n import t
from maturity.load.benchmark import size_index
from maturity.load.earlier import EarlierScores
from maturity.load.municipality import population_number
from maturity.load.values import kreis_of_ags
from maturity.model import LAENDER, Questionnaire, land_of_ags, tr


@dataclass(frozen=True)
class Columns:
    """The per-municipality values every page of the overview is made from, as arrays."""

    ids: list[str]
    names: list[str]
    populations: list[int | None]
    states: np.ndarray
    """Land code per municipality ("" where the id is no AGS)."""
    kreise: list[str]
    sizes: np.ndarray
    """Size class index (-1 unknown)."""
    respondents: np.ndarray
    overall: np.ndarray
    levels: np.ndarray
    areas: dict[str, np.ndarray]
    area_levels: dict[str, np.ndarray]
    rank: np.ndarray
    """Place by overall score (ties share the better place); 0 without a score."""
    change: np.ndarray | None
    """Overall score now minus in the earlier batch; NaN where unknown."""
    kreis_names: dict[str, str] = field(default_factory=dict)
    """Kreis key -> name, where the official directory was given (``--places``)."""

    def capped(self, q: Questionnaire, area_id: str) -> np.ndarray:
        """Per municipality: whether a missing foundation holds this area below the level its
        score reaches."""
        from maturity.scoring.vectorised import level_of_scores

        level = self.area_levels[area_id]
        return (level > 0) & (level < level_of_scores(self.areas[area_id], q))

    def kreis_label(self, key: str, lang: str) -> str:
        """A Kreis by its name where it is known, else by its key ("Kreis 09162")."""
        return self.kreis_names.get(key) or t("kreis_key", lang).format(key=key)

    @classmethod
    def of(cls, result: BatchResult, earlier: EarlierScores | None) -> Columns:
        q = result.questionnaire
        table, entities = result.table, result.entities
        ids = [str(v) for v in entities["id"]]
        overall = table["overall_score"].to_numpy(dtype=float)
        populations = [population_number(p) for p in entities["population"]]
        change = None
        if earlier is not None:
            before = np.array([earlier.overall.get(i, np.nan) for i in ids], dtype=float)
            change = overall - before
        return cls(
            ids=ids,
            names=[str(v) for v in entities["name"]],
            populations=populations,
            states=np.array([land_of_ags(i) for i in ids], dtype=object),
            kreise=[kreis_of_ags(i) for i in ids],
            sizes=np.array([size_index(p) for p in populations], dtype=np.int64),
            respondents=entities["respondents"].to_numpy(dtype=np.int64),
            overall=overall,
            levels=table["overall_level"].to_numpy(dtype=np.int64),
            areas={a.id: table[f"{a.id}_score"].to_numpy(dtype=float) for a in q.areas},
            area_levels={a.id: table[f"{a.id}_level"].to_numpy(dtype=np.int64) for a in q.areas},
            rank=places(overall),
            change=change,
            kreis_names=result.kreis_names,
        )


def lands(columns: Columns, lang: str) -> list[dict[str, Any]]:
    """The Länder present, in the order of their AGS keys, then municipalities without one."""
    from maturity.model import AGS_LAND

    present = set(columns.states.tolist())
    groups = [
        {"code": code, "label": LAENDER[code], "members": columns.states == code}
        for code in AGS_LAND.values()
        if code in present
    ]
    if "" in present:
        groups.append({"code": "", "label": t("no_state", lang), "members": columns.states == ""})
    return groups


def level_legend(q: Questionnaire, lang: str) -> Markup:
    """The colours of the levels, as the heat maps and rankings use them."""
    from markupsafe import escape

    keys = "".join(
        f'<span><span class="swatch c{lv.id}"></span>{lv.id} {escape(tr(lv.name, lang))}</span>'
        for lv in q.levels
    )
    keys += f'<span><span class="swatch c0"></span>{escape(t("no_result", lang))}</span>'
    return Markup(f'<p class="legend">{escape(t("legend_levels", lang))} {keys}</p>')

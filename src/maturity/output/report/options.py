"""What a report may show besides the result itself: an earlier result, peers, a brand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from maturity.load.benchmark import Benchmark
    from maturity.load.brand import Brand
    from maturity.model import Result


@dataclass(frozen=True)
class ReportOptions:
    previous: Result | None = None
    """An earlier result of the same municipality: the report shows the change."""
    peers: Benchmark | None = None
    """A benchmark file: the report shows how the municipality stands among its peers."""
    peers_source: str = ""
    """Where the peers come from (a file name), as the report names it."""
    peer_rank: tuple[int, int] | None = None
    """The place in its size class and the size of the class, where the whole class is known."""
    overall_rank: tuple[int, int] | None = None
    """The place among all municipalities of a batch that have a score, and how many have one."""
    made_on: str = ""
    """ISO date the report was made, shown where the answers carry no date (batch reports)."""
    overview_link: str = ""
    """Relative link back to a batch's overview."""
    brand: Brand | None = None
    """A consultant's name, logo, accent colour and footer."""
    annex: str = "compact"
    """The annex of recommendations in print: ``compact`` (one line each) or ``full`` (as on screen)."""

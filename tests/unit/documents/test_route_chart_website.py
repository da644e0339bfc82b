"""Review 16: a police website the Settings check accepts must not break the route chart."""

from app.core.settings import BY_KEY, check_value
from app.documents.context import DocumentContext
from app.documents.route_chart_pdf import build_route_chart


def test_an_accepted_website_with_angle_brackets_still_prints_the_route_chart():
    site = "www.a.uk/<b>"
    assert check_value(BY_KEY["police_website"], site) is None  # Settings accepts it
    assert build_route_chart(DocumentContext(police_website=site)).startswith(b"%PDF")

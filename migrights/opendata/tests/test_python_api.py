"""``migrights.data``: the same DataFrames from the local database and from a downloaded package."""

from __future__ import annotations

import pandas as pd
import pytest

from migrights import data
from migrights.reference.models import Country

pytestmark = pytest.mark.django_db


@pytest.fixture
def package_zip(package_dir):
    from migrights.opendata.downloads import download_file
    from migrights.opendata.tables import resolve

    return download_file(resolve("commitments"), "datapackage.zip")


CALLS = [
    ("countries", {}),
    ("instruments", {}),
    ("treaty_actions", {"country": "PHL"}),
    ("memberships", {"country": "PHL"}),
    ("commitments", {"country": "FRA", "year": 2020}),
    ("scores", {"country": "PHL", "level": "dimension"}),
    ("answers", {"country": "PHL"}),
    ("sources", {}),
]


@pytest.mark.parametrize(("function", "arguments"), CALLS, ids=[c[0] for c in CALLS])
def test_database_and_package_give_the_same_frame(package_dir, function, arguments):
    from_database = getattr(data, function)(**arguments)
    from_package = getattr(data, function)(package=package_dir, **arguments)
    pd.testing.assert_frame_equal(from_database, from_package)


def test_types_and_filters(package_zip):
    data.use_package(package_zip)
    try:
        countries = data.countries()
        assert len(countries) == Country.objects.count()
        assert str(countries["un_member_since"].dtype) == "Int64" and str(countries["un_observer"].dtype) == "boolean"
        assert countries.set_index("code").loc["PHL", "un_member_since"] == 1945
        scores = data.scores(country="phl", year=2020)
        assert set(scores["country"]) == {"PHL"} and set(scores["year"]) == {2020}
        assert scores["score"].dtype == "float64" and str(scores["rank"].dtype) == "Int64"
        assert set(data.scores(level="overall")["level"]) == {"overall"}
        assert data.answers().empty and list(data.answers().columns)[:3] == ["release", "country", "year"]
        assert pd.api.types.is_datetime64_any_dtype(data.sources()["accessed"])
        with pytest.raises(ValueError, match="holds edition 'commitments'"):
            data.scores(release="2026.1")
    finally:
        data.use_package(None)


def test_the_package_path_needs_no_django(package_zip, tmp_path):
    import subprocess
    import sys

    script = (
        "import sys; from migrights import data; "
        f"frame = data.treaty_actions(instrument='ICRMW', package={str(package_zip)!r}); "
        "print(len(frame), any(name.startswith('django') for name in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, check=True)
    count, django_loaded = result.stdout.split()
    assert int(count) > 0 and django_loaded == "False"

import pytest

from progress import registry
from progress.notices import ReviewNotice
from progress.tests.reviewapp.models import Paper

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class _Kind:
    content_type = "application/pdf"


def pdf_only(*, name: str, data: bytes, max_bytes: int):
    """A file check in the shape of filetypes.check_upload: PDF by its first bytes, within the size."""
    if len(data) > max_bytes:
        raise ValueError(f"Файл «{name}» слишком большой.")
    if not data.startswith(b"%PDF-"):
        raise ValueError(f"Файл «{name}» не PDF.")
    return _Kind()


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user("author")


@pytest.fixture
def reviewer(django_user_model):
    return django_user_model.objects.create_user("reviewer")


@pytest.fixture
def paper(db):
    return Paper.objects.create(title="Анализ работы")


@pytest.fixture
def paper_kind(author, reviewer):
    """Papers registered with a notice hook: the reviewer hears of a submission, the author of the rest."""

    def notice(paper, action, comment):
        to = reviewer if action == "submit" else author
        return ReviewNotice(recipients=[to], kind=f"paper_{action}", title=paper.title, body=comment)

    registry.register(registry.ReviewKind(model=Paper, label="Работы", notice=notice))
    yield
    registry.unregister(Paper)

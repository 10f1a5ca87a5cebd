"""/work/: the screens of the expert workflow (every view requires a signed-in person)."""

from django.urls import path

from migrights.work.views import coordination, expert, review

app_name = "work"

urlpatterns = [
    path("", coordination.dashboard, name="dashboard"),
    path("assessments/<int:pk>/", expert.assessment_start, name="assessment"),
    path("assessments/<int:pk>/category/<str:code>/", expert.category_page, name="category"),
    path("assessments/<int:pk>/answers/<str:code>/", expert.save_answer, name="save-answer"),
    path("assessments/<int:pk>/answers/<str:code>/evidence/", expert.add_evidence, name="add-evidence"),
    path("assessments/<int:pk>/answers/<str:code>/cite/", expert.cite_document, name="cite-document"),
    path("evidence/<int:pk>/remove/", expert.remove_evidence, name="remove-evidence"),
    path("documents/<str:sha256>.pdf", expert.document, name="document"),
    path("assessments/<int:pk>/carry-over/", expert.carry_over, name="carry-over"),
    path("assessments/<int:pk>/questionnaire/", expert.questionnaire, name="questionnaire"),
    path("assessments/<int:pk>/questionnaire.xlsx", expert.questionnaire_download, name="questionnaire-xlsx"),
    path("assessments/<int:pk>/submit/", expert.submit, name="submit"),
    path("assessments/<int:pk>/review/", review.review_page, name="review"),
    path("assessments/<int:pk>/review/start/", review.start_review, name="start-review"),
    path("assessments/<int:pk>/review/comment/<str:code>/", review.comment, name="comment"),
    path("assessments/<int:pk>/review/adjudicate/<str:code>/", review.adjudicate, name="adjudicate"),
    path("assessments/<int:pk>/review/return/", review.return_assessment, name="return"),
    path("assessments/<int:pk>/review/approve/", review.approve, name="approve"),
    path("coordination/", coordination.coordination, name="coordination"),
    path("coordination/assign/", coordination.assign, name="assign"),
    path("coordination/open/", coordination.open_assessment, name="open-assessment"),
    path("releases/new/", coordination.new_release, name="new-release"),
    path("jobs/<int:pk>/", coordination.job, name="job"),
]

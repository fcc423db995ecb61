from django.urls import URLPattern, URLResolver, path

from eropaf.intake import quality_views
from eropaf.intake.views import deliveries, downloads, tokens, uploads, withdrawals

app_name = "intake"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", deliveries.delivery_list, name="list"),
    path("<int:delivery_id>/", deliveries.delivery_detail, name="detail"),
    path("<int:delivery_id>/afgekeurd.csv", downloads.rejected_rows_as_csv, name="rejected-csv"),
    path("<int:delivery_id>/afgekeurd.xlsx", downloads.rejected_rows_as_xlsx, name="rejected-xlsx"),
    path("uploaden/", uploads.upload, name="upload"),
    path("uploads/<int:upload_id>/", uploads.upload_status, name="upload-status"),
    path("uploads/<int:upload_id>/voortgang/", uploads.upload_progress, name="upload-progress"),
    path("intrekken/", withdrawals.withdraw, name="withdraw"),
    path("kwaliteit/", quality_views.quality, name="quality"),
    path("api-sleutels/", tokens.token_list, name="tokens"),
    path("api-sleutels/nieuw/", tokens.token_create, name="token-create"),
    path("api-sleutels/<int:token_id>/intrekken/", tokens.token_revoke, name="token-revoke"),
]

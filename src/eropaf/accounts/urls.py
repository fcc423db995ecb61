from django.urls import URLPattern, URLResolver, path

from eropaf.accounts import recovery_views, views

app_name = "accounts"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("inloggen/tweede-stap/", views.two_factor_verify, name="two_factor_verify"),
    path("inloggen/authenticator-app/", views.two_factor_setup, name="two_factor_setup"),
    path("inloggen/herstelcode/", recovery_views.two_factor_recovery, name="two_factor_recovery"),
    path("herstelcodes/", recovery_views.recovery_codes_page, name="recovery_codes"),
    path("inloggen/organisatie/", views.OIDCLoginView.as_view(), name="oidc_login"),
    path("inloggen/organisatie/terug/", views.OIDCCallbackView.as_view(), name="oidc_callback"),
    path("authenticator-apps/", views.two_factor_users, name="two_factor_users"),
    path("authenticator-apps/<int:user_id>/herstellen/", views.two_factor_reset, name="two_factor_reset"),
]

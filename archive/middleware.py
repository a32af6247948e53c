"""Security headers that Django does not set by itself."""

from django.conf import settings

# No inline script or style anywhere: templates link files from /static/ only, so an injected
# <script> or style="" attribute is inert even if some markup ever escaped unescaped.
DEFAULT_CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# The archive needs none of these browser features; denying them limits what injected code could do.
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


class ContentSecurityPolicyMiddleware:
    """Add Content-Security-Policy and Permissions-Policy to every response that lacks them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Read per request so override_settings in tests and per-site tweaks take effect.
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", DEFAULT_CONTENT_SECURITY_POLICY)
        permissions = getattr(settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY)
        if policy:
            response.headers.setdefault("Content-Security-Policy", policy)
        if permissions:
            response.headers.setdefault("Permissions-Policy", permissions)
        return response

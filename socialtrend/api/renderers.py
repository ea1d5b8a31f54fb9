"""The API's JSON renderer: DRF's, safe for any text the answer echoes.

DRF writes non-ASCII characters as UTF-8, which a lone surrogate (from a key
or value the client sent, echoed in an error message) cannot be: the answer
would be a 500. Such an answer is written with every non-ASCII character
escaped instead (`\\udcff`), which is valid JSON for the same text.
"""

from rest_framework import renderers


class _EscapingJSONRenderer(renderers.JSONRenderer):
    ensure_ascii = True


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        try:
            return super().render(data, accepted_media_type, renderer_context)
        except UnicodeEncodeError:
            return _EscapingJSONRenderer().render(data, accepted_media_type, renderer_context)

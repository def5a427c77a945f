"""The cloud engine: the AILabTools service through :class:`~..api.SmartSkinClient`."""

from __future__ import annotations

from ..api import SmartSkinClient
from ..errors import BadResponseError, ImageInputError
from ..fitting import check_result, conform_result, prepare_upload
from ..imageio import Photo, decode
from ..params import Params
from ..progress import Cancel, Progress, check
from . import EngineResult
from .merge import apply_change_full_res


class CloudEngine:
    name = "cloud"

    def __init__(self, client: SmartSkinClient) -> None:
        self.client = client

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult:
        """Upload (original bytes when they fit), download, and merge back at full size."""
        check(cancel)
        if progress:
            progress(0.02, "Preparing the upload")
        upload = prepare_upload(photo)
        data = self.client.enhance(upload, params, progress, cancel)
        check(cancel)
        check_result(data, upload.size)
        try:
            result = decode(data).rgb
        except ImageInputError:
            raise BadResponseError("The service's result image is damaged. Run it again.") from None
        result = conform_result(result, upload.size)
        if progress:
            progress(0.95, "Applying at full resolution")
        pixels = apply_change_full_res(photo.rgb, upload.rgb, result)
        return EngineResult(pixels, changes=list(upload.changes))

"""The cloud engine: the AILabTools service through :class:`~..api.SmartSkinClient`."""

from __future__ import annotations

import numpy as np

from ..api import SmartSkinClient
from ..errors import BadResponseError, ImageInputError
from ..fitting import apply_change_full_res, check_result, conform_result, prepare_upload
from ..imageio import Photo, decode
from ..params import Params
from ..progress import Cancel, Progress, check


class CloudEngine:
    name = "cloud"

    def __init__(self, client: SmartSkinClient) -> None:
        self.client = client
        self.last_changes: list[str] = []

    def enhance(
        self,
        image: np.ndarray,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> np.ndarray:
        return self.enhance_photo(Photo(rgb=image, format="JPEG"), params, progress, cancel)

    def enhance_photo(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> np.ndarray:
        """Upload (original bytes when they fit), download, and merge back at full size."""
        check(cancel)
        if progress:
            progress(0.02, "Preparing the upload")
        upload = prepare_upload(photo)
        self.last_changes = upload.changes
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
        return apply_change_full_res(photo.rgb, upload.rgb, result)

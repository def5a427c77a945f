"""The cloud engine: the AILabTools service through :class:`~..api.SmartSkinClient`.

Paid results are kept in a :class:`~..cache.DiskCache` keyed by the exact bytes sent and
the settings, so the same photo with the same settings is never paid for twice, also
after a restart; a :class:`~..credits.CreditMeter` counts (and may limit) paid calls.
"""

from __future__ import annotations

import hashlib

from ..cloud import (
    CreditMeter,
    DiskCache,
    SmartSkinClient,
    Upload,
    check_result,
    conform_result,
    prepare_upload,
)
from ..engine_info import CLOUD
from ..errors import BadResponseError, ImageInputError
from ..io import decode
from ..params import Params
from ..photo import Photo
from ..progress import Cancel, Progress, check
from .contract import EngineResult
from .merge import apply_change_full_res


class CloudEngine:
    name = CLOUD.name

    def __init__(
        self,
        client: SmartSkinClient,
        cache: DiskCache | None = None,
        meter: CreditMeter | None = None,
    ) -> None:
        self.client = client
        self.cache = cache
        self.meter = meter

    def run(
        self,
        photo: Photo,
        params: Params,
        progress: Progress | None = None,
        cancel: Cancel | None = None,
    ) -> EngineResult:
        """Upload (original bytes when they fit), download, and merge back at full size.

        Settings that change nothing are not sent (nor paid for): the photo comes back as it is.
        """
        check(cancel)
        if params.is_identity:
            return EngineResult(photo.rgb.copy(), unchanged=True)
        if progress:
            progress(0.02, "Preparing the upload")
        upload = prepare_upload(photo)
        key = DiskCache.key(hashlib.sha256(upload.data).hexdigest(), self.name, params)
        kept = self.cache.get(key) if self.cache is not None else None
        data = kept if kept is not None else self._paid_call(upload, params, progress, cancel)
        check_result(data, upload.size)
        if kept is None and self.cache is not None:
            self.cache.put(key, data)  # a checked result only: a bad one is not kept
        check(cancel)
        try:
            result = decode(data).rgb
        except ImageInputError:
            raise BadResponseError("The service's result image is damaged. Run it again.") from None
        result = conform_result(result, upload.size)
        if progress:
            progress(0.95, "Applying at full resolution")
        pixels = apply_change_full_res(photo.rgb, upload.rgb, result)
        return EngineResult(pixels, changes=list(upload.changes))

    def _paid_call(
        self, upload: Upload, params: Params, progress: Progress | None, cancel: Cancel | None
    ) -> bytes:
        if self.meter is not None:
            self.meter.reserve()
        paid = False
        try:
            data = self.client.enhance(upload, params, progress, cancel)
            paid = True
        finally:
            if self.meter is not None:
                self.meter.settle(paid)
        return data

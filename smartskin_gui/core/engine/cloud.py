"""The cloud engine: the AILabTools service through :class:`~..cloud.SmartSkinClient`.

Paid results are kept in a :class:`~..cloud.DiskCache` keyed by the exact bytes sent, the
settings and the service's address, so the same photo with the same settings is never paid
for twice, also after a restart, and a result of one address never answers for another.
Each result is also remembered by its photo file (path, size, time), which answers
"already paid?" without encoding the photo. A :class:`~..cloud.CreditMeter` counts (and may
limit) paid calls, and an :class:`~..cloud.OutageWatch` (one per engine, so one per batch)
stops a batch paying time for a service that is down: after a wrong key or no credits at
once, after two photos in a row failed the same way otherwise, the rest fail at once.
"""

from __future__ import annotations

import hashlib
import logging
import os

from ..cloud import (
    CacheKey,
    CreditMeter,
    DiskCache,
    OutageWatch,
    SmartSkinClient,
    Upload,
    check_result,
    conform_result,
    prepare_upload,
)
from ..engine_info import CLOUD
from ..errors import BadResponseError, ImageInputError, ServiceError
from ..io import decode
from ..params import Params
from ..photo import Photo
from ..progress import Cancel, Progress, check
from .contract import EngineResult
from .merge import apply_change_full_res

log = logging.getLogger(__name__)


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
        self.outage = OutageWatch()

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
        service = self.client.base_url
        key = DiskCache.key(hashlib.sha256(upload.data).hexdigest(), self.name, params, service)
        kept = self.cache.get(key) if self.cache is not None else None
        data = kept if kept is not None else self._paid_call(upload, params, progress, cancel)
        check_result(data, upload.size)
        if self.cache is not None:
            if kept is None:
                self.cache.put(key, data)  # a checked result only: a bad one is not kept
            self._remember(photo, key)
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

    def _remember(self, photo: Photo, key: CacheKey) -> None:
        """The photo's file (as it is now) has this result: "already paid" from now on."""
        assert self.cache is not None
        if photo.source is None:
            return
        try:
            st = os.stat(photo.source)
        except OSError:
            return
        if photo.passthrough is not None and st.st_size != len(photo.passthrough):
            log.info("%s changed on disk since it was read: no receipt kept", photo.name)
            return
        stamp = (st.st_size, st.st_mtime_ns)
        self.cache.remember_paid(photo.source, stamp, key)
        real = os.path.realpath(photo.source)
        if real != os.path.abspath(photo.source):
            self.cache.remember_paid(real, stamp, key)

    def _paid_call(
        self, upload: Upload, params: Params, progress: Progress | None, cancel: Cancel | None
    ) -> bytes:
        self.outage.check()  # the service failed the photos before: this one is not sent
        if self.meter is not None:
            self.meter.reserve()
        paid = False
        try:
            data = self.client.enhance(upload, params, progress, cancel, self.outage.give_up)
            paid = True
        except ServiceError as err:
            self.outage.failed(err)
            raise
        finally:
            if self.meter is not None:
                self.meter.settle(paid)
        self.outage.succeeded()
        return data

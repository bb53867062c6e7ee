"""Uploads never touch the disk in plain text.

Django writes an upload larger than FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary
file. This handler (the only one in FILE_UPLOAD_HANDLERS) keeps every upload in
memory, up to REPORTS_UPLOAD_MAX_REQUEST_SIZE bytes for the whole request; files
beyond that are dropped and the request is marked, so the form can say why
(`request_upload_too_large`). The bytes are encrypted before they are stored.
"""

from io import BytesIO

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile

TOO_LARGE_ATTRIBUTE = "_reports_upload_too_large"


def request_upload_too_large(request) -> bool:
    return bool(getattr(request, TOO_LARGE_ATTRIBUTE, False))


class MemoryOnlyUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.REPORTS_UPLOAD_MAX_REQUEST_SIZE
        self.received = 0
        self.skipped = False
        # Django's parser closes `handler.file` whenever it exists: never None.
        self.file = BytesIO()

    def _refuse(self):
        if self.request is not None:
            setattr(self.request, TOO_LARGE_ATTRIBUTE, True)
        self.skipped = True
        self.file = BytesIO()
        raise SkipFile()

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit and self.request is not None:
            setattr(self.request, TOO_LARGE_ATTRIBUTE, True)

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.skipped = False
        self.file = BytesIO()
        if request_upload_too_large(self.request):
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        self.file.write(raw_data)
        return None

    def file_complete(self, file_size):
        if self.skipped:
            return None
        self.file.seek(0)
        return InMemoryUploadedFile(
            file=self.file,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )

"""The Lambda functions an applied agent calls: handler, environment and the uploaded code.

Terraform uploads ``code.zip`` to (moto's) Lambda; the local runtime runs the handler the function
names, from that zip, in-process: the zip is unpacked once per content hash under the local AWS's
work directory and that directory goes first on ``sys.path`` for the group (``invoker.py``). The
function's environment variables (table names ...) are set for the process before the handler is
first imported. Modules a previous zip left in ``sys.modules`` are dropped when a different zip is
served, so the new code is what runs. Packages the local runtime has itself already imported
(``textnorm``) keep the runtime's copy. The dependency layer is built for the Lambda runtime
(python3.13, x86_64) and is not loaded: the virtualenv provides the same pinned packages.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from moto.awslambda.models import lambda_backends

from local_bedrock.aws.errors import ValidationException

# Top-level packages of the uploaded code that the runtime itself never imports.
_LAMBDA_PACKAGES = ("action_groups",)


@dataclass(frozen=True)
class FunctionCode:
    name: str
    handler: str
    environment: dict[str, str]
    code_dir: Path


def _arn_parts(arn: str) -> tuple[str, str, str]:
    # arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]
    parts = arn.split(":")
    if len(parts) < 7 or parts[2] != "lambda" or parts[5] != "function":
        raise ValidationException(f"{arn} is not a Lambda function ARN")
    return parts[3], parts[4], parts[6]


class LambdaCode:
    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self._loaded_from: Path | None = None

    def function(self, arn: str) -> FunctionCode:
        region, account, name = _arn_parts(arn)
        try:
            function = lambda_backends[account][region].get_function(name)
        except Exception as error:  # moto raises its own not-found error types
            raise ValidationException(
                f"The action group's Lambda function {arn} does not exist: {error}"
            ) from None
        code: bytes = getattr(function, "code_bytes", b"")
        if not code:
            raise ValidationException(
                f"Lambda function {name} has no zip code (image or S3 code is not run locally)"
            )
        return FunctionCode(name, str(function.handler), dict(function.environment_vars), self._unpack(code))

    def _unpack(self, code: bytes) -> Path:
        target = self.work_dir / "lambda-code" / hashlib.sha256(code).hexdigest()[:16]
        if not target.is_dir():
            staging = target.with_suffix(".tmp")
            with zipfile.ZipFile(io.BytesIO(code)) as archive:
                archive.extractall(staging)
            staging.rename(target)
        return target

    def activate(self, functions: list[FunctionCode]) -> None:
        """Make these functions' environment and code the ones the next handler import sees."""
        for function in functions:
            os.environ.update(function.environment)
        dirs = {f.code_dir for f in functions}
        if len(dirs) > 1:
            raise ValidationException(
                "The action groups of one agent version use different code zips; "
                "the local runtime serves one code package at a time."
            )
        if dirs and dirs != {self._loaded_from}:
            for module in [m for m in sys.modules if m.split(".")[0] in _LAMBDA_PACKAGES]:
                del sys.modules[module]
            self._loaded_from = next(iter(dirs))

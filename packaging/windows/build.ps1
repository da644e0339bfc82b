<#
.SYNOPSIS
  Build the Tackling CSE Toolkit for Windows: venv, tests, bundle, self-test, installer.

.DESCRIPTION
  Run from anywhere on 64-bit Windows 10 (1809+) or 11 with 64-bit Python 3.11 and NSIS 3
  installed (the GitHub workflow .github/workflows/windows.yml does exactly this):

    powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

  1. .venv-windows from requirements\windows.lock (wheels only, nothing compiled here)
  2. ruff, lint-imports, mypy and the tests (pytest, Qt offscreen)
  3. the third-party notices and the source zip (as `make bundle` does on Linux)
  4. the one-folder bundle with PyInstaller (packaging\windows\cse-toolkit-windows.spec:
     the shared spec, its icon, plus the exe's version details)
  5. the bundle's self-test: the exe is windowed (no console), so it writes its result to
     a JSON file ({ok, version, checks}) and this script reads that and the exit code
  6. the installer with makensis: build\cse-toolkit-<version>-setup.exe
  Stops at the first failure with a non-zero exit code.

.PARAMETER Python
  The Python 3.11 (64-bit) to make the venv with. Default: the `py -3.11` launcher.
.PARAMETER SkipTests
  Leave out step 2 (for a quick rebuild; never for a build that is handed out).
.PARAMETER PytestArgs
  Passed to pytest, e.g. '-m "not slow"'.
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [switch]$SkipTests,
    [string]$PytestArgs = ""
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root

function Step([string]$what) { Write-Host "== $what" -ForegroundColor Cyan }
function Run([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') exited $LASTEXITCODE" }
}

$Version = (Select-String -Path app\__init__.py -Pattern '^__version__ = "(.*)"').Matches[0].Groups[1].Value
Step "CSE Toolkit $Version"

# 1. The venv, from the Windows lock only.
Step "venv from requirements\windows.lock"
$Venv = Join-Path $Root ".venv-windows"
$Py = Join-Path $Venv "Scripts\python.exe"
if (-not (Test-Path $Py)) {
    if ($Python) { Run $Python @("-m", "venv", $Venv) } else { Run "py" @("-3.11", "-m", "venv", $Venv) }
}
$bits = & $Py -c "import struct, sys; print(struct.calcsize('P') * 8, sys.version_info[:2] == (3, 11))"
if ($bits -ne "64 True") { throw "The venv's Python must be 64-bit CPython 3.11 (got: $bits)" }
Run $Py @("-m", "pip", "install", "--disable-pip-version-check", "-q", "--only-binary=:all:",
          "-r", "requirements\windows.lock")
$Scripts = Join-Path $Venv "Scripts"

# 2. The same gates as `make test`.
if (-not $SkipTests) {
    Step "ruff, lint-imports, mypy, pytest"
    Run (Join-Path $Scripts "ruff.exe") @("check", "app", "db", "ui", "tests", "packaging", "docs")
    Run (Join-Path $Scripts "lint-imports.exe") @("--no-logo")
    Run (Join-Path $Scripts "mypy.exe") @()
    $env:QT_QPA_PLATFORM = "offscreen"
    $pytest = @("-m", "pytest")
    if ($PytestArgs) { $pytest += ($PytestArgs -split " ") }
    Run $Py $pytest
    Remove-Item Env:QT_QPA_PLATFORM
}

# 3. The notices and the source zip the spec insists on (Help > About shows them).
Step "notices and source"
Run $Py @("packaging\notices.py", "--out", "build\notices")
$Source = Join-Path $Root "build\source"
if (Test-Path $Source) { Remove-Item -Recurse -Force $Source }
New-Item -ItemType Directory -Force $Source | Out-Null
$rev = (& git stash create)
if (-not $rev) { $rev = "HEAD" }
Run "git" @("archive", "--format=zip", "--prefix=cse-toolkit-$Version/",
            "-o", "build\source\cse-toolkit-$Version-source.zip", $rev, "--", ".", ":!docs/screenshots")

# 4. The bundle.
Step "PyInstaller bundle"
Run (Join-Path $Scripts "pyinstaller.exe") @("--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "build\dist", "--workpath", "build\work", "packaging\windows\cse-toolkit-windows.spec")
$Bundle = Join-Path $Root "build\dist\cse-toolkit"
$Exe = Join-Path $Bundle "cse-toolkit.exe"
Run $Py @("packaging\notices.py", "--bundle", $Bundle)
$details = (Get-Item $Exe).VersionInfo
if ($details.ProductVersion -ne $Version) { throw "The exe's version details say '$($details.ProductVersion)', not $Version" }

# 5. The self-test, read from its result file (a windowed exe prints nowhere).
Step "bundle self-test"
$Result = Join-Path $Root "build\self-test.json"
if (Test-Path $Result) { Remove-Item $Result }
$env:QT_QPA_PLATFORM = "offscreen"
$proc = Start-Process -FilePath $Exe -ArgumentList @("--self-test", "--result-file", "`"$Result`"") `
    -PassThru -NoNewWindow
$null = $proc.Handle  # kept, or ExitCode reads as empty once the process has gone
$proc.WaitForExit()
Remove-Item Env:QT_QPA_PLATFORM
if (-not (Test-Path $Result)) { throw "The self-test wrote no result (exit code $($proc.ExitCode))" }
$report = Get-Content -Raw $Result | ConvertFrom-Json
$report.checks.PSObject.Properties | ForEach-Object {
    Write-Host ("  {0} {1}" -f $(if ($_.Value) { "ok  " } else { "FAIL" }), $_.Name)
}
if ($proc.ExitCode -ne 0 -or -not $report.ok) { throw "The bundle's self-test failed (exit code $($proc.ExitCode))" }

# 6. The installer.
Step "NSIS installer"
$makensis = (Get-Command makensis.exe -ErrorAction SilentlyContinue).Source
if (-not $makensis) { $makensis = Join-Path ${env:ProgramFiles(x86)} "NSIS\makensis.exe" }
if (-not (Test-Path $makensis)) { throw "makensis.exe not found: install NSIS 3 (e.g. choco install nsis)" }
$Setup = Join-Path $Root "build\cse-toolkit-$Version-setup.exe"
Run $makensis @("/WX", "/V2", "/DVERSION=$Version", "/DPAYLOAD=$Bundle", "/DROOT=$Root",
                "/DOUTFILE=$Setup", "packaging\windows\installer.nsi")
Step "done: $Setup"

<#
.SYNOPSIS
  On Windows: install the built setup silently, self-test the installed app, check the
  letterbox's permissions, uninstall, and check the data folder and letterbox are left.

.DESCRIPTION
  The Windows counterpart of packaging/windows/ci-check.sh (c), against the real bundle
  and real icacls (Wine's icacls is a stub). Run after build.ps1:

    powershell -ExecutionPolicy Bypass -File packaging\windows\smoke.ps1 -Setup build\cse-toolkit-0.1.0-setup.exe
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string]$Setup)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Wait-Exit([string]$exe, [string[]]$arguments) {
    $p = Start-Process -FilePath $exe -ArgumentList $arguments -PassThru
    $null = $p.Handle
    $p.WaitForExit()
    return $p.ExitCode
}
function Fail([string]$why) { throw "smoke: FAIL: $why" }

$App = Join-Path $env:LOCALAPPDATA "Programs\CSE Toolkit"
$Menu = Join-Path $env:APPDATA "Microsoft\Windows\Start Menu\Programs\CSE Toolkit.lnk"
$Data = Join-Path $env:LOCALAPPDATA "cse-toolkit"
$Letterbox = Join-Path $env:TEMP "cse-smoke-letterbox"

if ((Wait-Exit $Setup @("/S", "/LETTERBOX=$Letterbox")) -ne 0) { Fail "the silent install failed" }
foreach ($f in @("cse-toolkit.exe", "uninstall.exe", "cse-toolkit.ico")) {
    if (-not (Test-Path (Join-Path $App $f))) { Fail "not installed: $f" }
}
if (-not (Test-Path $Menu)) { Fail "no Start-menu shortcut" }

# The installed app's own check, read from its result file.
$Result = Join-Path $env:TEMP "cse-smoke-self-test.json"
$env:QT_QPA_PLATFORM = "offscreen"
$code = Wait-Exit (Join-Path $App "cse-toolkit.exe") @("--self-test", "--result-file", "`"$Result`"")
Remove-Item Env:QT_QPA_PLATFORM
if ($code -ne 0 -or -not (Get-Content -Raw $Result | ConvertFrom-Json).ok) { Fail "the installed self-test failed" }

# Users may add files but delete nothing; CREATOR OWNER lets a writer finish its own letter.
$acl = (& icacls $Letterbox) -join "`n"
Write-Host $acl
$users = ($acl -split "`n" | Where-Object { $_ -match "BUILTIN\\Users:" }) -join " "
if ($users -notmatch "WD") { Fail "Users cannot add files: $users" }
if ($users -match "\((F|M|D)\)|[(,](D|DC|DE)[,)]|\(OI\)") { Fail "Users may delete letters: $users" }
if ($acl -notmatch "CREATOR OWNER:\(OI\)\(IO\)\(M\)") { Fail "no CREATOR OWNER entry" }
if ($acl -match "Everyone") { Fail "Everyone has a say on the letterbox" }

New-Item -ItemType Directory -Force $Data | Out-Null
Set-Content (Join-Path $Data "smoke-planted.txt") "records"
Set-Content (Join-Path $Letterbox "20260101T000000000000Z-0123456789abcdef.letter") "sealed"

if ((Wait-Exit (Join-Path $App "uninstall.exe") @("/S")) -ne 0) { Fail "the silent uninstall failed" }
Start-Sleep -Seconds 5 # the uninstaller runs on from a copy in %TEMP%
if (Test-Path $App) { Fail "left behind: $App" }
if (Test-Path $Menu) { Fail "the Start-menu shortcut is still there" }
if (-not (Test-Path (Join-Path $Data "smoke-planted.txt"))) { Fail "the uninstaller touched the data folder" }
if (-not (Test-Path (Join-Path $Letterbox "20260101T000000000000Z-0123456789abcdef.letter"))) { Fail "the uninstaller touched the letterbox" }
Remove-Item (Join-Path $Data "smoke-planted.txt")
Write-Host "smoke: passed"

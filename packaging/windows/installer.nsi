; The Windows installer for the Tackling CSE Toolkit (NSIS 3, built by makensis on
; Windows or Linux). Per user, no administrator rights: the app goes to
; %LOCALAPPDATA%\Programs\CSE Toolkit, with a Start-menu shortcut and an entry in
; Settings > Apps. Optionally it makes the shared letterbox folder (README, "Who can do
; what on a shared PC"). The uninstaller removes only what this installer put there:
; never the data folder (%LOCALAPPDATA%\cse-toolkit) and never the letterbox.
;
;   makensis -DVERSION=0.1.0 -DPAYLOAD=build\dist\cse-toolkit -DROOT=. ^
;            -DOUTFILE=build\cse-toolkit-0.1.0-setup.exe packaging\windows\installer.nsi
;
; PAYLOAD is the PyInstaller one-folder bundle (cse-toolkit.exe and _internal\); ROOT is
; the repository (LICENSE and the icon come from there). Silent: `setup.exe /S`, with
; `/LETTERBOX` to make the shared folder too (`/LETTERBOX=D:\path` for another place).
; Exit code 0, or 2 when the app is installed but the letterbox could not be made safely.
;
; Paths are given with backslashes; makensis on Linux accepts them as well.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user ; per user: never asks for an administrator
SetCompressor /SOLID lzma
Target amd64-unicode ; Qt 6.11 runs on 64-bit Windows 10 (1809) and 11 only

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z (app/__init__.py __version__)"
!endif
!ifndef PAYLOAD
  !error "makensis -DPAYLOAD=folder (the one-folder bundle)"
!endif
!ifndef ROOT
  !define ROOT "..\.."
!endif
!ifndef OUTFILE
  !define OUTFILE "cse-toolkit-${VERSION}-setup.exe"
!endif

!define APPNAME "CSE Toolkit"
!define FULLNAME "Tackling CSE Toolkit"
!define EXE "cse-toolkit.exe"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\cse-toolkit"
; The folder app/intake/stations.py suggested_shared_folder() offers on Windows.
!define LETTERBOX_NAME "Documents\CSE Toolkit letterbox"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "x64.nsh"

Name "${FULLNAME}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APPNAME}"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${FULLNAME} ${VERSION}"

; What Explorer shows under the setup file's Properties > Details.
VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=1033 "ProductName" "${FULLNAME}"
VIAddVersionKey /LANG=1033 "FileDescription" "${FULLNAME} setup"
VIAddVersionKey /LANG=1033 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1033 "LegalCopyright" "GPL-3.0-or-later"

!define MUI_ICON "${ROOT}\resources\icons\cse-toolkit.ico"
!define MUI_UNICON "${ROOT}\resources\icons\cse-toolkit.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_SMALLDESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_NOTCHECKED

!insertmacro MUI_PAGE_LICENSE "${ROOT}\LICENSE"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var Letterbox ; the shared folder, when asked for

Section "${APPNAME} (required)" SecApp
  SectionIn RO
  SetShellVarContext current ; the Start menu of this account, not all users
  ; An older version's libraries go first: PyInstaller's _internal must match the exe.
  RMDir /r "$INSTDIR\_internal"
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD}\*"
  File "${ROOT}\resources\icons\cse-toolkit.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\${EXE}" "" \
    "$INSTDIR\cse-toolkit.ico" 0 SW_SHOWNORMAL "" "${FULLNAME}"

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${FULLNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\cse-toolkit.ico"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0
SectionEnd

; Windows has no sticky bit, so the folder's permissions do its work: after inheritance
; is cut, the Users group may list the folder and add files to it (RD, X, WD) but not
; delete (no D, no DC); CREATOR OWNER makes each letter's writer able to finish (rename)
; and remove their own letter only, as the sticky bit does on Linux; the lead (the account
; installing, who owns the folder), SYSTEM and Administrators have full control.
Section /o "Shared letterbox folder (for volunteer accounts on this PC)" SecLetterbox
  ${If} $Letterbox == ""
    ReadEnvStr $0 PUBLIC
    ${If} $0 == ""
      StrCpy $0 "C:\Users\Public"
    ${EndIf}
    StrCpy $Letterbox "$0\${LETTERBOX_NAME}"
  ${EndIf}
  ClearErrors
  CreateDirectory "$Letterbox"
  ${If} ${Errors}
  ${OrIfNot} ${FileExists} "$Letterbox\*.*"
    DetailPrint "The letterbox folder could not be made: $Letterbox"
    MessageBox MB_OK|MB_ICONEXCLAMATION "The shared letterbox folder could not be made \
      there. The toolkit is installed; ask whoever looks after this PC to set the \
      folder up as the README describes." /SD IDOK
    SetErrorLevel 2 ; a script installing silently can tell
    Return
  ${EndIf}
  ReadEnvStr $1 USERNAME
  ReadEnvStr $2 USERDOMAIN
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$Letterbox" /inheritance:r \
    /grant:r "$2\$1:(OI)(CI)F" "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" \
    "*S-1-3-0:(OI)(IO)M" "*S-1-5-32-545:(RD,REA,RA,X,RC,S,WD)"'
  Pop $0
  ${If} $0 != 0
    ; The folder would keep Public's own permissions, which let anyone delete letters:
    ; an empty one is taken away again rather than left looking ready.
    RMDir "$Letterbox"
    DetailPrint "The letterbox folder's permissions could not be set (icacls: $0)."
    MessageBox MB_OK|MB_ICONEXCLAMATION "The shared letterbox folder could not be set \
      up safely, so it was not made. Ask whoever looks after this PC to set it up as \
      the README describes." /SD IDOK
    SetErrorLevel 2
  ${Else}
    DetailPrint "Shared letterbox folder: $Letterbox"
  ${EndIf}
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecApp} "The toolkit and a Start-menu shortcut, for \
    this Windows account only."
  !insertmacro MUI_DESCRIPTION_TEXT ${SecLetterbox} "Makes $\"Public Documents\CSE \
    Toolkit letterbox$\", where volunteers' accounts can leave concerns but not delete \
    them. Only on the designated lead's account."
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Function .onInit
  ${IfNot} ${RunningX64}
    MessageBox MB_OK|MB_ICONSTOP "This toolkit needs 64-bit Windows 10 (1809 or later) \
      or Windows 11." /SD IDOK
    Abort
  ${EndIf}
  ; /LETTERBOX or /LETTERBOX=folder on the command line chooses the shared folder.
  ${GetParameters} $0
  ClearErrors
  ${GetOptions} $0 "/LETTERBOX" $1
  ${IfNot} ${Errors}
    StrCpy $1 $1 "" 1 ; drop the "=" when a folder follows
    StrCpy $Letterbox $1
    SectionSetFlags ${SecLetterbox} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

; Only what the installer put there, by name: a folder chosen by hand that holds other
; files keeps them, and the data folder and the letterbox are never looked at.
Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\cse-toolkit.ico"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR" ; only when empty
  DeleteRegKey HKCU "${UNINSTKEY}"
SectionEnd

; OneStop Desk — Windows installer (NSIS 3, Unicode, Modern UI 2).
;
; Templated by build_scripts/build.py, which passes the version from onestop/__init__.py:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DVERSION_QUAD=0.1.0.0
;            -DSOURCE_DIR=<dist\onestop> -DOUTFILE=<setup.exe> [-DCOMPRESSION=lzma|zlib|none]
;            onestop.nsi
;
; - Vietnamese (default) and English, chosen in a dialog at start (skipped with /S).
; - Start menu folder and (optional) desktop shortcut, for all users.
; - Upgrade in place: a new version installs into the folder of the installed one and
;   replaces the program files only (the _internal folder is removed first so no stale DLL
;   survives). User data never lives in the program folder (it is in %LOCALAPPDATA%), except
;   in portable mode (data, config, logs beside the exe), which is never touched either.
; - The uninstaller keeps the user's data unless the "delete data" component is ticked and
;   the warning is confirmed. Silent: /S installs or uninstalls keeping the data.
; - The database is upgraded by the application itself at its next start, after a backup.

Unicode true
ManifestDPIAware true

!ifndef VERSION
  !error "Pass -DVERSION=x.y.z (build_scripts/build.py does)"
!endif
!ifndef VERSION_QUAD
  !define VERSION_QUAD "${VERSION}.0"
!endif
!ifndef SOURCE_DIR
  !error "Pass -DSOURCE_DIR=<the PyInstaller one-folder bundle>"
!endif
!ifndef OUTFILE
  !define OUTFILE "OneStopDesk-Setup-${VERSION}.exe"
!endif
!ifndef COMPRESSION
  !define COMPRESSION "lzma"
!endif

!if "${COMPRESSION}" == "none"
  SetCompress off
!else
  SetCompressor /SOLID ${COMPRESSION}
!endif

!define APP_NAME "OneStop Desk"
!define APP_ID "OneStopDesk"
!define PUBLISHER "OneStop Desk developers"
!define GUI_EXE "OneStopDesk.exe"
!define CLI_EXE "onestop.exe"
!define UNINST_EXE "uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define REG_KEY "Software\${APP_ID}"

Name "${APP_NAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\${APP_NAME}"
InstallDirRegKey HKLM "${REG_KEY}" "InstallDir"
RequestExecutionLevel admin
SetOverwrite on
BrandingText "${APP_NAME} ${VERSION}"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "x64.nsh"
!include "FileFunc.nsh"

!define MUI_ABORTWARNING
!define MUI_LANGDLL_REGISTRY_ROOT "HKLM"
!define MUI_LANGDLL_REGISTRY_KEY "${REG_KEY}"
!define MUI_LANGDLL_REGISTRY_VALUENAME "InstallerLanguage"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_UNCOMPONENTSPAGE_TEXT_TOP "$(UnComponentsTop)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default.
!insertmacro MUI_LANGUAGE "Vietnamese"
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_RESERVEFILE_LANGDLL

VIProductVersion "${VERSION_QUAD}"
VIFileVersion "${VERSION_QUAD}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "FileDescription" "${APP_NAME} Setup"
VIAddVersionKey /LANG=${LANG_ENGLISH} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_ENGLISH} "LegalCopyright" "GPL-3.0-or-later"

; --- texts ------------------------------------------------------------------------------------
LangString SecProgram ${LANG_VIETNAMESE} "Chương trình OneStop Desk"
LangString SecProgram ${LANG_ENGLISH} "OneStop Desk program"
LangString SecDesktop ${LANG_VIETNAMESE} "Lối tắt trên màn hình nền"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString DescProgram ${LANG_VIETNAMESE} "Phần mềm tiếp nhận và trả kết quả hồ sơ (bắt buộc)."
LangString DescProgram ${LANG_ENGLISH} "The reception and result-return desk application (required)."
LangString DescDesktop ${LANG_VIETNAMESE} "Đặt biểu tượng OneStop Desk trên màn hình nền của mọi người dùng."
LangString DescDesktop ${LANG_ENGLISH} "Put a OneStop Desk icon on every user's desktop."
LangString ShortcutCli ${LANG_VIETNAMESE} "OneStop Desk (dòng lệnh, chẩn đoán)"
LangString ShortcutCli ${LANG_ENGLISH} "OneStop Desk (command line, diagnostics)"
LangString ShortcutUninstall ${LANG_VIETNAMESE} "Gỡ cài đặt OneStop Desk"
LangString ShortcutUninstall ${LANG_ENGLISH} "Uninstall OneStop Desk"
LangString AppRunning ${LANG_VIETNAMESE} "OneStop Desk đang chạy. Hãy đóng chương trình trên máy này rồi bấm Thử lại."
LangString AppRunning ${LANG_ENGLISH} "OneStop Desk is running. Close it on this PC, then click Retry."
LangString UnSecProgram ${LANG_VIETNAMESE} "Chương trình"
LangString UnSecProgram ${LANG_ENGLISH} "Program"
LangString UnSecData ${LANG_VIETNAMESE} "Xoá cả dữ liệu: hồ sơ, cài đặt, nhật ký"
LangString UnSecData ${LANG_ENGLISH} "Also delete the data: dossiers, settings, logs"
LangString UnComponentsTop ${LANG_VIETNAMESE} "Dữ liệu hồ sơ được giữ lại trừ khi bạn đánh dấu ô xoá dữ liệu. Hãy sao lưu trước (onestop backup --out TỆP)."
LangString UnComponentsTop ${LANG_ENGLISH} "Dossier data is kept unless you tick the delete-data box. Back it up first (onestop backup --out FILE)."
LangString ConfirmDeleteData ${LANG_VIETNAMESE} "Xoá VĨNH VIỄN toàn bộ hồ sơ, cài đặt và nhật ký của OneStop Desk trên máy này? Không thể hoàn tác."
LangString ConfirmDeleteData ${LANG_ENGLISH} "PERMANENTLY delete all OneStop Desk dossiers, settings and logs on this PC? This cannot be undone."

; --- helpers ----------------------------------------------------------------------------------
!macro CHECK_NOT_RUNNING
  ; A running copy keeps its exe locked: opening it for append fails. Ask to close it.
  ${Do}
    ${IfNot} ${FileExists} "$INSTDIR\${GUI_EXE}"
      ${Break}
    ${EndIf}
    ClearErrors
    FileOpen $R0 "$INSTDIR\${GUI_EXE}" a
    ${IfNot} ${Errors}
      FileClose $R0
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$(AppRunning)" /SD IDCANCEL IDRETRY +2
    Abort
  ${Loop}
!macroend

Function .onInit
  !insertmacro MUI_LANGDLL_DISPLAY
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
  ; upgrade in place: install where the previous version is
  ReadRegStr $0 HKLM "${UNINST_KEY}" "InstallLocation"
  ${If} $0 != ""
    StrCpy $INSTDIR $0
  ${EndIf}
FunctionEnd

Function un.onInit
  !insertmacro MUI_UNGETLANGUAGE
  SetShellVarContext all
  ${If} ${RunningX64}
    SetRegView 64
  ${EndIf}
FunctionEnd

; --- install ----------------------------------------------------------------------------------
Section "!$(SecProgram)" SecProgram
  SectionIn RO
  !insertmacro CHECK_NOT_RUNNING
  SetOutPath "$INSTDIR"
  ; the previous version's libraries go; data/, config/, logs/ (portable mode) stay
  RMDir /r "$INSTDIR\_internal"
  File /r "${SOURCE_DIR}\*"
  WriteUninstaller "$INSTDIR\${UNINST_EXE}"

  CreateDirectory "$SMPROGRAMS\${APP_NAME}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\$(ShortcutCli).lnk" "$SYSDIR\cmd.exe" \
    '/k "$INSTDIR\${CLI_EXE}" --help' "$INSTDIR\${CLI_EXE}"
  CreateShortcut "$SMPROGRAMS\${APP_NAME}\$(ShortcutUninstall).lnk" "$INSTDIR\${UNINST_EXE}"

  WriteRegStr HKLM "${REG_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKLM "${REG_KEY}" "Version" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKLM "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr HKLM "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINST_EXE}"'
  WriteRegStr HKLM "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINST_EXE}" /S'
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKLM "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "$(SecDesktop)" SecDesktop
  CreateShortcut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${GUI_EXE}"
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "$(DescProgram)"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "$(DescDesktop)"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; --- uninstall --------------------------------------------------------------------------------
Section "un.$(UnSecProgram)" UnSecProgram
  SectionIn RO
  !insertmacro CHECK_NOT_RUNNING
  Delete "$DESKTOP\${APP_NAME}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_NAME}"
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${GUI_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\${UNINST_EXE}"
  RMDir "$INSTDIR"  ; only when empty: portable data keeps the folder
  DeleteRegKey HKLM "${UNINST_KEY}"
  DeleteRegKey HKLM "${REG_KEY}"
SectionEnd

Section /o "un.$(UnSecData)" UnSecData
  MessageBox MB_YESNO|MB_ICONEXCLAMATION|MB_DEFBUTTON2 "$(ConfirmDeleteData)" /SD IDNO IDYES +2
  Return
  ; the data of the user running the uninstaller (platformdirs: %LOCALAPPDATA%\OneStopDesk)
  SetShellVarContext current
  RMDir /r "$LOCALAPPDATA\${APP_ID}"
  SetShellVarContext all
  ; portable mode keeps everything beside the exe
  RMDir /r "$INSTDIR\data"
  RMDir /r "$INSTDIR\config"
  RMDir /r "$INSTDIR\logs"
  Delete "$INSTDIR\portable.txt"
  RMDir "$INSTDIR"
SectionEnd

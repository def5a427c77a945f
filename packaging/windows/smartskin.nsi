; SmartSkin installer for Windows 10 1809+ (64-bit), built with NSIS 3.08+.
;
;   makensis /DVERSION=0.1.0 [/DPAYLOAD=dist\SmartSkin] [/DOUTFILE=dist\SmartSkin-0.1.0-setup.exe]
;            [/DSIGN_CMD="signtool sign ... %1"] packaging\windows\smartskin.nsi
;
; VERSION comes from pyproject.toml (`make package` and the release workflow pass it).
; Per-user install, no admin rights: %LOCALAPPDATA%\Programs\SmartSkin, HKCU.
; All users (run elevated with /AllUsers): %ProgramFiles%\SmartSkin, HKLM.
; Silent: /S [/AllUsers] [/DesktopShortcut] [/D=C:\path]. Uninstall: uninstall.exe /S.
; "Open with" is offered for photos; the default program of a file type is never changed.

Unicode true
Target amd64-unicode
ManifestSupportedOS Win10
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!ifndef VERSION
  !error "Pass the version: makensis /DVERSION=x.y.z (read from pyproject.toml)"
!endif
!searchparse /noerrors "${VERSION}" "" VER_MAJOR "." VER_MINOR "." VER_PATCH
!ifndef VER_PATCH
  !error "VERSION must look like x.y.z, got ${VERSION}"
!endif
!ifndef PAYLOAD
  !define PAYLOAD "..\..\dist\SmartSkin"
!endif
!ifndef OUTFILE
  !define OUTFILE "..\..\dist\SmartSkin-${VERSION}-setup.exe"
!endif
!ifndef ICON
  !define ICON "..\..\resources\icons\smartskin.ico"
!endif

!define APP "SmartSkin"
!define EXE "SmartSkin.exe"
!define PUBLISHER "SmartSkin"
!define PROGID "SmartSkin.Photo"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\SmartSkin"
!define APP_KEY "Software\SmartSkin"
!define CLASSES "Software\Classes"
; Qt 6 needs Windows 10 1809 (build 17763).
!define MIN_BUILD 17763

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\${APP}"
BrandingText "${APP} ${VERSION}"

VIProductVersion "${VER_MAJOR}.${VER_MINOR}.${VER_PATCH}.0"
VIFileVersion "${VER_MAJOR}.${VER_MINOR}.${VER_PATCH}.0"
VIAddVersionKey "ProductName" "${APP}"
VIAddVersionKey "CompanyName" "${PUBLISHER}"
VIAddVersionKey "FileDescription" "${APP} ${VERSION} setup"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "LegalCopyright" "Copyright 2026 the SmartSkin authors"

; Code signing only when a command is given (the release workflow passes it when a
; certificate is configured); %1 is the file to sign.
!ifdef SIGN_CMD
  !finalize '${SIGN_CMD}'
  !uninstfinalize '${SIGN_CMD}'
!endif

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Start ${APP}"
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "English"

Var AllUsers  ; 1: HKLM and Program Files; 0: this user only
Var Root      ; the uninstall / classes registry root as text, for the log

; Photo types offered in "Open with". HEIC is left out: the installed app is built without
; the optional pillow-heif (GPLv2), so it could not open those files.
!macro ForEachPhotoType MACRO
  !insertmacro ${MACRO} ".jpg"
  !insertmacro ${MACRO} ".jpeg"
  !insertmacro ${MACRO} ".png"
  !insertmacro ${MACRO} ".tif"
  !insertmacro ${MACRO} ".tiff"
  !insertmacro ${MACRO} ".webp"
  !insertmacro ${MACRO} ".bmp"
!macroend

!macro RegisterType EXT
  WriteRegNone SHCTX "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}"
  WriteRegStr SHCTX "${CLASSES}\Applications\${EXE}\SupportedTypes" "${EXT}" ""
  WriteRegStr SHCTX "${APP_KEY}\Capabilities\FileAssociations" "${EXT}" "${PROGID}"
!macroend

!macro UnregisterType EXT
  DeleteRegValue SHCTX "${CLASSES}\${EXT}\OpenWithProgids" "${PROGID}"
  ; Removes the keys only when nothing else is left in them (other programs' entries stay).
  DeleteRegKey /ifempty SHCTX "${CLASSES}\${EXT}\OpenWithProgids"
  DeleteRegKey /ifempty SHCTX "${CLASSES}\${EXT}"
!macroend

!macro SelectMode UN
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/AllUsers" $R1
  ${IfNot} ${Errors}
    UserInfo::GetAccountType
    Pop $R2
    ${If} $R2 != "Admin"
      !if "${UN}" == "un."
        ; Apps & Features starts the uninstaller of an all-users install without elevation:
        ; start it again with the administrator prompt.
        StrCpy $R3 "/AllUsers"
        IfSilent 0 +2
          StrCpy $R3 "/AllUsers /S"
        ExecShell "runas" "$INSTDIR\uninstall.exe" "$R3"
        Quit
      !else
        MessageBox MB_ICONSTOP "Installing for all users needs administrator rights. \
          Run the installer as administrator, or without /AllUsers to install just for you." \
          /SD IDOK
        SetErrorLevel 740
        Quit
      !endif
    ${EndIf}
    StrCpy $AllUsers 1
    SetShellVarContext all
    StrCpy $Root "HKLM"
  ${Else}
    StrCpy $AllUsers 0
    SetShellVarContext current
    StrCpy $Root "HKCU"
  ${EndIf}
!macroend

; Files of the previous version: removed first so an upgrade never keeps stale libraries.
!macro RemoveProgramFiles
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\uninstall.exe"
!macroend

Section "${APP}" SecApp
  SectionIn RO
  SetOutPath "$INSTDIR"
  !insertmacro RemoveProgramFiles
  File /r "${PAYLOAD}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortCut "$SMPROGRAMS\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; Apps & Features
  ${If} $AllUsers == 1
    StrCpy $R5 " /AllUsers"
  ${Else}
    StrCpy $R5 ""
  ${EndIf}
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayName" "${APP}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr SHCTX "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"$R5'
  WriteRegStr SHCTX "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S$R5'
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $R6 $R7 $R8
  IntFmt $R6 "0x%08X" $R6
  WriteRegDWORD SHCTX "${UNINST_KEY}" "EstimatedSize" "$R6"

  ; "Open with": a ProgID, the Applications entry and OpenWithProgids; never the default.
  WriteRegStr SHCTX "${CLASSES}\${PROGID}" "" "Photo"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}" "FriendlyTypeName" "Photo"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\shell\open" "FriendlyAppName" "${APP}"
  WriteRegStr SHCTX "${CLASSES}\${PROGID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  WriteRegStr SHCTX "${CLASSES}\Applications\${EXE}" "FriendlyAppName" "${APP}"
  WriteRegStr SHCTX "${CLASSES}\Applications\${EXE}\DefaultIcon" "" "$INSTDIR\${EXE},0"
  WriteRegStr SHCTX "${CLASSES}\Applications\${EXE}\shell\open\command" "" \
    '"$INSTDIR\${EXE}" "%1"'
  WriteRegStr SHCTX "${APP_KEY}\Capabilities" "ApplicationName" "${APP}"
  WriteRegStr SHCTX "${APP_KEY}\Capabilities" "ApplicationDescription" \
    "Natural portrait skin retouching"
  WriteRegStr SHCTX "Software\RegisteredApplications" "${APP}" "${APP_KEY}\Capabilities"
  !insertmacro ForEachPhotoType RegisterType
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
  DetailPrint "Registered for $Root"
SectionEnd

Section /o "Desktop shortcut" SecDesktop
  CreateShortCut "$DESKTOP\${APP}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
SectionEnd

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastWin10}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    MessageBox MB_ICONSTOP "${APP} needs 64-bit Windows 10 version 1809 or newer. \
      Please update Windows, then run this installer again." /SD IDOK
    SetErrorLevel 1
    Quit
  ${EndIf}
  SetRegView 64
  !insertmacro SelectMode ""
  ${If} $AllUsers == 1
    StrCpy $INSTDIR "$PROGRAMFILES64\${APP}"
  ${EndIf}
  ; An earlier install is upgraded in place.
  ReadRegStr $R3 SHCTX "${UNINST_KEY}" "InstallLocation"
  ${If} $R3 != ""
    StrCpy $INSTDIR $R3
  ${EndIf}
  ; /D= on the command line wins over both.
  ClearErrors
  ${GetOptions} $R0 "/D=" $R4
  ${IfNot} ${Errors}
    StrCpy $INSTDIR $R4
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/DesktopShortcut" $R4
  ${IfNot} ${Errors}
    SectionSetFlags ${SecDesktop} ${SF_SELECTED}
  ${EndIf}
FunctionEnd

Function un.onInit
  SetRegView 64
  !insertmacro SelectMode "un."
FunctionEnd

; Settings and the log (in the user's AppData) are kept, so a reinstall finds them.
Section "Uninstall"
  !insertmacro RemoveProgramFiles
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${APP}.lnk"
  Delete "$DESKTOP\${APP}.lnk"
  !insertmacro ForEachPhotoType UnregisterType
  DeleteRegKey SHCTX "${CLASSES}\${PROGID}"
  DeleteRegKey SHCTX "${CLASSES}\Applications\${EXE}"
  DeleteRegValue SHCTX "Software\RegisteredApplications" "${APP}"
  DeleteRegKey /ifempty SHCTX "Software\RegisteredApplications"
  DeleteRegKey SHCTX "${APP_KEY}\Capabilities"
  DeleteRegKey /ifempty SHCTX "${APP_KEY}"
  DeleteRegKey SHCTX "${UNINST_KEY}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

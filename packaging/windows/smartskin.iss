; Inno Setup script: a per-user installer a photographer double-clicks.
; Build after PyInstaller:  iscc packaging\windows\smartskin.iss
#define AppVersion "0.1.0"

[Setup]
AppId={{5B2E6F1C-7A0D-4C55-9E2B-3D8C1F9A6B21}
AppName=SmartSkin
AppVersion={#AppVersion}
AppPublisher=SmartSkin
DefaultDirName={autopf}\SmartSkin
DefaultGroupName=SmartSkin
PrivilegesRequired=lowest
OutputDir=..\..\dist
OutputBaseFilename=SmartSkin-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\smartskin.ico
UninstallDisplayIcon={app}\SmartSkin.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
LicenseFile=..\..\NOTICE

[Files]
Source: "..\..\dist\SmartSkin\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\SmartSkin"; Filename: "{app}\SmartSkin.exe"
Name: "{autodesktop}\SmartSkin"; Filename: "{app}\SmartSkin.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\SmartSkin.exe"; Description: "Start SmartSkin"; Flags: nowait postinstall skipifsilent

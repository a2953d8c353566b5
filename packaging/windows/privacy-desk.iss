; Inno Setup 6 script: the Windows installer of the one-folder build.
;
; Built by .github/workflows/dist.yml after PyInstaller (packaging/privacy-desk.spec) made
; dist\privacy-desk\ on Windows:
;   iscc /DAppVersion=0.1.0 packaging\windows\privacy-desk.iss
; The version comes from pyproject.toml through the workflow; this file never repeats it.
; Not run here (Linux): written to build on a Windows runner, which ships Inno Setup 6.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z packaging\windows\privacy-desk.iss
#endif

[Setup]
; The AppId names this program to Windows' uninstaller list: it never changes between versions,
; so a newer installer replaces the older one in place. uuid5(DNS, "org.privacydesk.PrivacyDesk").
AppId={{245B56A9-29F3-57E6-8088-36B19BD6F31E}
AppName=Privacy Desk
AppVersion={#AppVersion}
AppPublisher=Privacy Desk
AppVerName=Privacy Desk {#AppVersion}
; A coach's laptop often has no administrator at hand: install for this user by default,
; for everyone when the installer is run as administrator and the user chooses so.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\Privacy Desk
DefaultGroupName=Privacy Desk
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\Privacy Desk.exe
UninstallDisplayName=Privacy Desk
SetupIconFile=..\icons\privacy-desk.ico
SourceDir=.
OutputDir=..\..\dist
OutputBaseFilename=privacy-desk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; The practice's records live in the user's data folder (%LOCALAPPDATA%\PrivacyDesk), never
; under {app}: uninstalling removes the program and keeps the records.
CloseApplications=yes

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; Everything PyInstaller collected: both executables, Python, Qt, fonts, migrations.
Source: "..\..\dist\privacy-desk\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The windowed executable: no console window behind the app. privacy-desk.exe (console)
; stays in {app} for the headless commands.
Name: "{group}\Privacy Desk"; Filename: "{app}\Privacy Desk.exe"; WorkingDir: "{app}"
Name: "{autodesktop}\Privacy Desk"; Filename: "{app}\Privacy Desk.exe"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\Privacy Desk.exe"; Description: "{cm:LaunchProgram,Privacy Desk}"; Flags: nowait postinstall skipifsilent

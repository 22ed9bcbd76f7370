<#
.SYNOPSIS
Stops and unregisters the fleet-telemetry collector service and removes its program folder.

.DESCRIPTION
Run it in an elevated PowerShell (Run as administrator). It keeps the state folder (-StateDir: the
checkpoints, the spool of events Kafka does not have yet, events Kafka refused, the service logs), so
that a new install resumes where the collector stopped, without sending a line twice or losing one.

.PARAMETER Purge
Remove the state folder too.
#>
[CmdletBinding()]
param(
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'fleet-telemetry\collector'),
    [string]$StateDir = (Join-Path $env:ProgramData 'fleet-telemetry\collector'),
    [switch]$Purge
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

$ServiceId = 'fleet-telemetry-collector'

$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'uninstall.ps1 must run elevated (Run as administrator): it removes a service and a folder in Program Files.'
}

$wrapper = Join-Path $InstallDir "$ServiceId.exe"
if (Get-Service -Name $ServiceId -ErrorAction SilentlyContinue) {
    if (Test-Path $wrapper) {
        # a stop sends Ctrl+C: the collector lets Kafka acknowledge what is in flight and commits its checkpoints
        & $wrapper stop
        & $wrapper uninstall
        if ($LASTEXITCODE -ne 0) {
            throw "WinSW could not unregister $ServiceId (exit $LASTEXITCODE)"
        }
    } else {
        Stop-Service -Name $ServiceId -ErrorAction SilentlyContinue
        & sc.exe delete $ServiceId | Out-Null
    }
    Write-Host "Unregistered $ServiceId"
}

# this script may run from inside the folder it removes
Set-Location -Path $env:SystemRoot
if (Test-Path $InstallDir) {
    Remove-Item -Recurse -Force -Path $InstallDir
    Write-Host "Removed $InstallDir"
}
if ($Purge) {
    if (Test-Path $StateDir) {
        Remove-Item -Recurse -Force -Path $StateDir
    }
    Write-Host "Removed $StateDir"
} else {
    Write-Host "Kept $StateDir (checkpoints, spool, service logs): uninstall.ps1 -Purge removes it"
}
foreach ($parent in @((Split-Path -Parent $InstallDir), (Split-Path -Parent $StateDir))) {
    if ((Test-Path $parent) -and -not (Get-ChildItem -Force -Path $parent)) {
        Remove-Item -Force -Path $parent
    }
}

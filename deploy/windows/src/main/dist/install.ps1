<#
.SYNOPSIS
Installs the fleet-telemetry collector as a Windows service (WinSW), or upgrades an installed one.

.DESCRIPTION
Run it from the unpacked collector-windows zip in an elevated PowerShell (Run as administrator):

  .\install.ps1 -Site hel -BootstrapServers kafka1.example.com:9093 -SchemaRegistryUrl https://registry.example.com

It copies the program to -InstallDir, creates the state and log folders under -StateDir, writes
collector.properties from the template (an existing one is kept, so an upgrade keeps the settings),
lets only SYSTEM and Administrators read it (it may hold credentials), registers the service through
WinSW and starts it once site, kafka.bootstrap.servers and schema.registry.url are set.

.PARAMETER Java
A java.exe of Java 17 or later, for a package built without runtime\. Default: JAVA_HOME, then PATH.

.PARAMETER NoStart
Register the service but do not start it.
#>
[CmdletBinding()]
param(
    [string]$Site,
    [string]$BootstrapServers,
    [string]$SchemaRegistryUrl,
    [string]$InstallDir = (Join-Path $env:ProgramFiles 'fleet-telemetry\collector'),
    [string]$StateDir = (Join-Path $env:ProgramData 'fleet-telemetry\collector'),
    [string]$Java,
    [switch]$NoStart
)

Set-StrictMode -Version 3
$ErrorActionPreference = 'Stop'

$ServiceId = 'fleet-telemetry-collector'
$Wrapper = "$ServiceId.exe"
$Package = $PSScriptRoot
$Required = @('site', 'kafka.bootstrap.servers', 'schema.registry.url')

function Assert-Administrator {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw 'install.ps1 must run elevated (Run as administrator): it writes to Program Files and registers a service.'
    }
}

function Get-JavaFeatureVersion([string]$JavaExe) {
    # java -version writes to stderr, which 'Stop' would turn into an error in Windows PowerShell 5.1
    $ErrorActionPreference = 'Continue'
    $out = & $JavaExe -version 2>&1 | Out-String
    if ($out -match 'version "(\d+)') {
        return [int]$Matches[1]
    }
    return 0
}

# The java.exe the service runs: $null means the package's own runtime\ (the XML's default).
function Resolve-Java {
    if (Test-Path (Join-Path $Package 'runtime\bin\java.exe')) {
        return $null
    }
    $candidates = @()
    if ($Java) { $candidates += $Java }
    if ($env:JAVA_HOME) { $candidates += (Join-Path $env:JAVA_HOME 'bin\java.exe') }
    $onPath = Get-Command java.exe -ErrorAction SilentlyContinue
    if ($onPath) { $candidates += $onPath.Path }
    foreach ($candidate in $candidates) {
        if ((Test-Path $candidate) -and ((Get-JavaFeatureVersion $candidate) -ge 17)) {
            return (Resolve-Path $candidate).Path
        }
    }
    throw ('No Java runtime: this package has no runtime\ folder (it was built without -Dwindows.jdk), and no ' +
        'java.exe of Java 17 or later was found (tried -Java, JAVA_HOME, PATH: ' + ($candidates -join ', ') + '). ' +
        'Install a Java 17 runtime and pass -Java <path to java.exe>, or use a package built with ' +
        '-Dwindows.jdk=<unpacked Windows JDK 17> (see README.txt).')
}

function Get-Property([string[]]$Lines, [string]$Key) {
    $pattern = '^\s*' + [regex]::Escape($Key) + '\s*[=:]\s*(.*)$'
    foreach ($line in $Lines) {
        if ($line -match $pattern) {
            return $Matches[1].Trim()
        }
    }
    return ''
}

function Set-Property([string[]]$Lines, [string]$Key, [string]$Value) {
    $pattern = '^\s*' + [regex]::Escape($Key) + '\s*[=:]'
    $found = $false
    $result = New-Object System.Collections.Generic.List[string]
    foreach ($line in $Lines) {
        if (-not $found -and $line -match $pattern) {
            $result.Add("$Key=$Value")
            $found = $true
        } else {
            $result.Add($line)
        }
    }
    if (-not $found) {
        $result.Add("$Key=$Value")
    }
    return ,$result.ToArray()
}

Assert-Administrator

if (-not (Test-Path (Join-Path $Package $Wrapper))) {
    throw ("WinSW is missing: this package was built without -Dwinsw.exe. Download WinSW-x64.exe (2.12 or " +
        "later) from the WinSW project's releases, put it beside install.ps1 renamed to $Wrapper, and run " +
        "install.ps1 again (see README.txt).")
}
$javaExe = Resolve-Java
$installedWrapper = Join-Path $InstallDir $Wrapper

if (Get-Service -Name $ServiceId -ErrorAction SilentlyContinue) {
    Write-Host "Upgrading: stopping and unregistering the installed $ServiceId (its settings and state are kept)"
    if (Test-Path $installedWrapper) {
        & $installedWrapper stop
        & $installedWrapper uninstall
    } else {
        Stop-Service -Name $ServiceId -ErrorAction SilentlyContinue
        & sc.exe delete $ServiceId | Out-Null
    }
}

New-Item -ItemType Directory -Force -Path $InstallDir, (Join-Path $StateDir 'state'), (Join-Path $StateDir 'logs') | Out-Null

# The program is replaced on every install.
foreach ($item in @('collector.jar', $Wrapper, 'README.txt', 'uninstall.ps1')) {
    Copy-Item -Force -Path (Join-Path $Package $item) -Destination $InstallDir
}
$runtime = Join-Path $InstallDir 'runtime'
if (Test-Path $runtime) {
    Remove-Item -Recurse -Force $runtime
}
if (-not $javaExe) {
    Copy-Item -Recurse -Path (Join-Path $Package 'runtime') -Destination $runtime
}

# The service definition, pointed at this machine's folders (and Java, without runtime\).
[xml]$service = Get-Content -Raw -Path (Join-Path $Package "$ServiceId.xml")
if ($javaExe) {
    $service.service.executable = $javaExe
}
$service.service.workingdirectory = $StateDir
$service.service.logpath = (Join-Path $StateDir 'logs')
$service.Save((Join-Path $InstallDir "$ServiceId.xml"))

$config = Join-Path $InstallDir 'collector.properties'
if (Test-Path $config) {
    Write-Host "Keeping the existing $config"
    $lines = [string[]](Get-Content -Path $config)
} else {
    $lines = [string[]](Get-Content -Path (Join-Path $Package 'collector.properties'))
    $lines = Set-Property $lines 'state.dir' ((Join-Path $StateDir 'state') -replace '\\', '/')
}
if ($Site) { $lines = Set-Property $lines 'site' $Site }
if ($BootstrapServers) { $lines = Set-Property $lines 'kafka.bootstrap.servers' $BootstrapServers }
if ($SchemaRegistryUrl) { $lines = Set-Property $lines 'schema.registry.url' $SchemaRegistryUrl }
# UTF-8 without a byte order mark: the collector would read a BOM as part of the first key
[IO.File]::WriteAllLines($config, $lines)
& icacls.exe $config /inheritance:r /grant:r '*S-1-5-18:(F)' '*S-1-5-32-544:(F)' | Out-Null
if ($LASTEXITCODE -ne 0) {
    throw "icacls could not restrict $config to SYSTEM and Administrators (exit $LASTEXITCODE)"
}

& $installedWrapper install
if ($LASTEXITCODE -ne 0) {
    throw "WinSW could not register the service $ServiceId (exit $LASTEXITCODE)"
}

$missing = @($Required | Where-Object { -not (Get-Property $lines $_) })
if ($NoStart) {
    Write-Host "Registered $ServiceId; not started (-NoStart). Start it with: Start-Service $ServiceId"
} elseif ($missing.Count -gt 0) {
    Write-Warning ("Registered $ServiceId but did not start it: set " + ($missing -join ', ') + " in $config " +
        "(or run install.ps1 again with -Site, -BootstrapServers, -SchemaRegistryUrl), then: Start-Service $ServiceId")
} else {
    & $installedWrapper start
    if ($LASTEXITCODE -ne 0) {
        throw "$ServiceId did not start (exit $LASTEXITCODE): see $(Join-Path $StateDir 'logs')"
    }
    Write-Host "Installed and started $ServiceId. Service logs: $(Join-Path $StateDir 'logs')"
}

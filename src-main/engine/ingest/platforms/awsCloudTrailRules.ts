/**
 * How CloudTrail `eventName`s are classified into the 14 categories and 4 severities of product
 * doc 001. Read top to bottom; the first matching row wins (exact name, `Prefix*`, or a regular
 * expression), so the specific rows come before the generic verb rows at the end.
 * Columns: [eventName, category, severity on success, severity on failure/denied].
 *
 * Severity on success follows one principle across platforms:
 *  - CRITICAL: a detective or preventive control is switched off or destroyed (logging, config
 *    recording, threat detection, public-access blocks, the password policy), or data is made
 *    unrecoverable (KMS key deletion), or the account leaves its organisation's guardrails;
 *  - WARNING: a control or a privilege is changed in a way an auditor reviews (policy attached,
 *    access key created, a snapshot shared, a security group opened);
 *  - INFO: everything routine.
 * A failed or denied call raises to the last column (ERROR where the doc calls it a "failed
 * operation"; WARNING for denied reads, which reconnaissance produces in bulk).
 * Lambda appends its API version to names (`AddPermission20150331v2`), hence the regexes.
 */
import type { ClassificationRow } from '../mapping/classification';

export const CLOUDTRAIL_RULES: readonly ClassificationRow[] = [
  // SECURITY — audit logging (CloudTrail itself, VPC flow logs, DNS query logs, Bedrock logs)
  ['StopLogging', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteTrail', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['UpdateTrail', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutEventSelectors', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutInsightSelectors', 'SECURITY', 'WARNING', 'ERROR'],
  ['CreateTrail', 'SECURITY', 'INFO', 'ERROR'],
  ['StartLogging', 'SECURITY', 'INFO', 'ERROR'],
  ['DeleteFlowLogs', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteResolverQueryLogConfig', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteModelInvocationLoggingConfiguration', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteLogGroup', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteLogStream', 'SECURITY', 'WARNING', 'ERROR'],
  // SECURITY — AWS Config, GuardDuty, Security Hub, Macie, Access Analyzer, Detective
  ['StopConfigurationRecorder', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteConfigurationRecorder', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteDeliveryChannel', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['PutConfigurationRecorder', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutDeliveryChannel', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteConfigRule', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteDetector', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DisassociateFromMasterAccount', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DisassociateFromAdministratorAccount', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['StopMonitoringMembers', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteMembers', 'SECURITY', 'WARNING', 'ERROR'],
  ['UpdateDetector', 'SECURITY', 'WARNING', 'ERROR'],
  ['CreateIPSet', 'SECURITY', 'WARNING', 'ERROR'], // a GuardDuty trusted-IP list silences findings
  ['UpdateIPSet', 'SECURITY', 'WARNING', 'ERROR'],
  ['CreateFilter', 'SECURITY', 'WARNING', 'ERROR'], // GuardDuty suppression rule
  ['UpdateFilter', 'SECURITY', 'WARNING', 'ERROR'],
  ['DisableSecurityHub', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['BatchDisableStandards', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['UpdateFindings', 'SECURITY', 'WARNING', 'ERROR'],
  ['BatchUpdateFindings', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteInsight', 'SECURITY', 'WARNING', 'ERROR'],
  ['UpdateMacieSession', 'SECURITY', 'WARNING', 'ERROR'],
  ['DisableMacie', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeleteAnalyzer', 'SECURITY', 'WARNING', 'ERROR'],
  ['CreateInsight', 'SECURITY', 'INFO', 'WARNING'],
  ['CreateDetector', 'SECURITY', 'INFO', 'WARNING'],
  ['EnableSecurityHub', 'SECURITY', 'INFO', 'WARNING'],
  // SECURITY — data protection guardrails (S3 public access, encryption, KMS, WAF, Bedrock guardrails)
  ['DeleteBucketPublicAccessBlock', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DeletePublicAccessBlock', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['PutBucketPublicAccessBlock', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutPublicAccessBlock', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutAccountPublicAccessBlock', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteBucketEncryption', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutBucketEncryption', 'SECURITY', 'INFO', 'WARNING'],
  ['PutBucketVersioning', 'SECURITY', 'WARNING', 'ERROR'],
  ['PutBucketLogging', 'SECURITY', 'WARNING', 'ERROR'],
  ['DisableEbsEncryptionByDefault', 'SECURITY', 'WARNING', 'ERROR'],
  ['ScheduleKeyDeletion', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['DisableKey', 'SECURITY', 'WARNING', 'ERROR'],
  ['DisableKeyRotation', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteWebACL', 'SECURITY', 'WARNING', 'ERROR'],
  ['DisassociateWebACL', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteGuardrail', 'SECURITY', 'WARNING', 'ERROR'],
  ['UpdateGuardrail', 'SECURITY', 'WARNING', 'ERROR'],
  // SECURITY — network exposure and sharing outside the account
  ['AuthorizeSecurityGroupIngress', 'SECURITY', 'WARNING', 'ERROR'],
  ['AuthorizeSecurityGroupEgress', 'SECURITY', 'WARNING', 'ERROR'],
  ['AuthorizeDBSecurityGroupIngress', 'SECURITY', 'WARNING', 'ERROR'],
  ['CreateNetworkAclEntry', 'SECURITY', 'WARNING', 'ERROR'],
  ['ReplaceNetworkAclEntry', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteNetworkAclEntry', 'SECURITY', 'WARNING', 'ERROR'],
  ['ModifySnapshotAttribute', 'SECURITY', 'WARNING', 'ERROR'], // EBS snapshot shared
  ['ModifyDBSnapshotAttribute', 'SECURITY', 'WARNING', 'ERROR'], // RDS snapshot shared
  ['ModifyImageAttribute', 'SECURITY', 'WARNING', 'ERROR'], // AMI shared
  [/^CreateTrafficMirror/, 'SECURITY', 'WARNING', 'ERROR'], // packet capture of another host's traffic
  ['PutBucketReplication', 'SECURITY', 'WARNING', 'ERROR'],
  ['DeleteAccountPasswordPolicy', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['UpdateAccountPasswordPolicy', 'SECURITY', 'WARNING', 'ERROR'],
  ['LeaveOrganization', 'SECURITY', 'CRITICAL', 'CRITICAL'],
  ['SendCommand', 'SECURITY', 'WARNING', 'ERROR'], // SSM runs a command on instances
  ['SendSSHPublicKey', 'SECURITY', 'WARNING', 'ERROR'], // EC2 Instance Connect
  ['GetPasswordData', 'SECURITY', 'WARNING', 'WARNING'], // an EC2 Windows administrator password

  // AUTH — sign-in, federation and session credentials, MFA, passwords
  ['ConsoleLogin', 'AUTH', 'INFO', 'WARNING'],
  ['CheckMfa', 'AUTH', 'INFO', 'WARNING'],
  ['SwitchRole', 'AUTH', 'INFO', 'WARNING'],
  ['ExitRole', 'AUTH', 'INFO', 'WARNING'],
  ['GetSigninToken', 'AUTH', 'INFO', 'WARNING'],
  ['ExternalIdPDirectoryLogin', 'AUTH', 'INFO', 'WARNING'],
  ['Authenticate', 'AUTH', 'INFO', 'WARNING'],
  ['CreateToken', 'AUTH', 'INFO', 'WARNING'],
  [/^AssumeRole/, 'AUTH', 'INFO', 'WARNING'],
  ['GetSessionToken', 'AUTH', 'INFO', 'WARNING'],
  ['GetFederationToken', 'AUTH', 'INFO', 'WARNING'],
  ['ChangePassword', 'AUTH', 'INFO', 'WARNING'],
  ['PasswordUpdated', 'AUTH', 'INFO', 'WARNING'],
  ['CreateLoginProfile', 'AUTH', 'INFO', 'WARNING'],
  ['UpdateLoginProfile', 'AUTH', 'WARNING', 'ERROR'], // an administrator set someone else's password
  ['DeleteLoginProfile', 'AUTH', 'INFO', 'WARNING'],
  ['CreateVirtualMFADevice', 'AUTH', 'INFO', 'WARNING'],
  ['EnableMFADevice', 'AUTH', 'INFO', 'WARNING'],
  ['DeactivateMFADevice', 'AUTH', 'WARNING', 'ERROR'],
  ['DeleteVirtualMFADevice', 'AUTH', 'WARNING', 'ERROR'],
  [/^(Create|Update|Delete)SAMLProvider$/, 'AUTH', 'WARNING', 'ERROR'], // who may federate in

  // USER_MGMT — IAM users and groups
  ['CreateUser', 'USER_MGMT', 'INFO', 'ERROR'],
  ['UpdateUser', 'USER_MGMT', 'INFO', 'ERROR'],
  ['DeleteUser', 'USER_MGMT', 'WARNING', 'ERROR'],
  ['CreateGroup', 'USER_MGMT', 'INFO', 'ERROR'],
  ['DeleteGroup', 'USER_MGMT', 'INFO', 'ERROR'],

  // PERMISSION — IAM policies and roles, resource policies, ACLs
  [/^(Attach|Put)(User|Role|Group)Policy$/, 'PERMISSION', 'WARNING', 'ERROR'],
  [/^(Detach|Delete)(User|Role|Group)Policy$/, 'PERMISSION', 'INFO', 'WARNING'],
  ['CreatePolicy', 'PERMISSION', 'INFO', 'WARNING'],
  ['CreatePolicyVersion', 'PERMISSION', 'WARNING', 'ERROR'],
  ['SetDefaultPolicyVersion', 'PERMISSION', 'WARNING', 'ERROR'],
  ['DeletePolicy', 'PERMISSION', 'INFO', 'WARNING'],
  ['UpdateAssumeRolePolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['CreateRole', 'PERMISSION', 'INFO', 'WARNING'],
  ['CreateServiceLinkedRole', 'PERMISSION', 'INFO', 'WARNING'],
  ['DeleteRole', 'PERMISSION', 'INFO', 'WARNING'],
  ['AddUserToGroup', 'PERMISSION', 'INFO', 'WARNING'],
  ['RemoveUserFromGroup', 'PERMISSION', 'INFO', 'WARNING'],
  ['DetachUserGroup', 'PERMISSION', 'INFO', 'WARNING'],
  ['PutBucketPolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['DeleteBucketPolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PutBucketAcl', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PutObjectAcl', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PutKeyPolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PutResourcePolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['PutPolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['SetRepositoryPolicy', 'PERMISSION', 'WARNING', 'ERROR'],
  ['SetQueueAttributes', 'PERMISSION', 'INFO', 'WARNING'],
  [/^AddPermission(\d{8})?(v\d+)?$/, 'PERMISSION', 'WARNING', 'ERROR'], // Lambda resource policy
  [/^RemovePermission(\d{8})?(v\d+)?$/, 'PERMISSION', 'INFO', 'WARNING'],
  [/^(AddRoleTo|RemoveRoleFrom)(DBCluster|DBInstance)$/, 'PERMISSION', 'INFO', 'WARNING'],
  ['CreateGrant', 'PERMISSION', 'INFO', 'WARNING'],

  // API_ACCESS — long-lived keys and tokens
  ['CreateAccessKey', 'API_ACCESS', 'WARNING', 'ERROR'],
  ['UpdateAccessKey', 'API_ACCESS', 'INFO', 'WARNING'],
  ['DeleteAccessKey', 'API_ACCESS', 'INFO', 'WARNING'],
  ['CreateKeyPair', 'API_ACCESS', 'INFO', 'WARNING'],
  ['ImportKeyPair', 'API_ACCESS', 'INFO', 'WARNING'],
  ['UploadSSHPublicKey', 'API_ACCESS', 'INFO', 'WARNING'],
  ['CreateServiceSpecificCredential', 'API_ACCESS', 'INFO', 'WARNING'],
  ['GetAuthorizationToken', 'API_ACCESS', 'INFO', 'WARNING'],
  ['GetCallerIdentity', 'API_ACCESS', 'INFO', 'WARNING'],

  // DATA_ACCESS — reads of secrets, keys, parameters and table data
  ['GetSecretValue', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['BatchGetSecretValue', 'DATA_ACCESS', 'WARNING', 'WARNING'], // bulk secret reads: a discovery pattern
  ['GetParameter', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['GetParameters', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['GetParametersByPath', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['Decrypt', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['GenerateDataKey', 'DATA_ACCESS', 'INFO', 'WARNING'],
  [/^(GetItem|BatchGetItem|Query|Scan|GetRecords|ExecuteStatement)$/, 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['DownloadDBLogFilePortion', 'DATA_ACCESS', 'INFO', 'WARNING'],
  ['StartQueryExecution', 'DATA_ACCESS', 'INFO', 'WARNING'],

  // DATA_MODIFY — writes to secrets, parameters and table data
  [/^(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/, 'DATA_MODIFY', 'INFO', 'ERROR'],
  [/^(CreateSecret|PutSecretValue|UpdateSecret|PutParameter)$/, 'DATA_MODIFY', 'INFO', 'ERROR'],
  [/^(DeleteSecret|DeleteParameter)$/, 'DATA_MODIFY', 'WARNING', 'ERROR'],

  // FILE_OPS — S3 objects
  ['GetObject', 'FILE_OPS', 'INFO', 'WARNING'],
  ['HeadObject', 'FILE_OPS', 'INFO', 'WARNING'],
  [/^(PutObject|CopyObject|UploadPart|UploadPartCopy|CreateMultipartUpload|CompleteMultipartUpload|RestoreObject)$/, 'FILE_OPS', 'INFO', 'ERROR'],
  [/^(DeleteObject|DeleteObjects)$/, 'FILE_OPS', 'INFO', 'ERROR'],
  [/^(ListObjects|ListObjectsV2|ListObjectVersions|ListBucket|HeadBucket)$/, 'FILE_OPS', 'INFO', 'WARNING'],

  // COMPLIANCE — reading or exporting the audit record itself
  ['LookupEvents', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['CreateExportTask', 'COMPLIANCE', 'INFO', 'WARNING'],
  ['StartExportTask', 'COMPLIANCE', 'INFO', 'WARNING'],

  // TENANT_MGMT and SUBSCRIPTION — the account and the organisation
  [/^(CreateAccount|CreateAccountResult|CloseAccount|InviteAccountToOrganization|RemoveAccountFromOrganization)$/, 'TENANT_MGMT', 'WARNING', 'ERROR'],
  [/^(EnableRegion|DisableRegion|PutAlternateContact|PutContactInformation|DeleteAlternateContact)$/, 'TENANT_MGMT', 'INFO', 'WARNING'],
  ['Purchase*', 'SUBSCRIPTION', 'INFO', 'ERROR'],

  // AI_USAGE — Bedrock model invocations
  [/^(InvokeModel|InvokeModelWithResponseStream|Converse|ConverseStream|InvokeAgent)$/, 'AI_USAGE', 'INFO', 'WARNING'],

  // SYSTEM — agents reporting in
  [/^(SendHeartbeat|UpdateInstanceInformation|RegisterManagedInstance|CreateControlChannel)$/, 'SYSTEM', 'INFO', 'WARNING'],

  // INFRASTRUCTURE — everything else on a resource: reads first (denied reads are reconnaissance),
  // then destructive and constructive verbs.
  [/^(Describe|List|Get|Head|Lookup|Search|Check|Estimate|Preview|BatchGet)/, 'INFRASTRUCTURE', 'INFO', 'WARNING'],
  [/^(Delete|Terminate|Remove|Deregister|Detach|Disassociate|Release|Revoke|Disable|Stop|Cancel|Reset|Reboot|Failover)/, 'INFRASTRUCTURE', 'INFO', 'ERROR'],
  [/^(Create|Run|Start|Launch|Allocate|Associate|Attach|Import|Register|Enable|Put|Update|Modify|Set|Tag|Untag|Add|Replace|Copy|Restore|Apply|Publish|Upload)/, 'INFRASTRUCTURE', 'INFO', 'ERROR'],
];

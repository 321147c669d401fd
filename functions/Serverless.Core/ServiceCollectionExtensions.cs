using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Serverless.Core.Admission;
using Serverless.Core.Applications;
using Serverless.Core.BackOffice;
using Serverless.Core.Certificates;
using Serverless.Core.Circuits;
using Serverless.Core.CitizenAccounts;
using Serverless.Core.Corrections;
using Serverless.Core.Drafts;
using Serverless.Core.Edge;
using Serverless.Core.FamilyQuotient;
using Serverless.Core.Notices;
using Serverless.Core.OpenData;
using Serverless.Core.Orchestration;
using Serverless.Core.Outbox;
using Serverless.Core.Payments;
using Serverless.Core.PaymentsBackOffice;
using Serverless.Core.Procedures;
using Serverless.Core.Receipts;
using Serverless.Core.Retention;
using Serverless.Core.Review;
using Serverless.Core.Signatures;
using Serverless.Core.Site;
using Serverless.Core.Submission;
using Serverless.Core.Tokens;
using Serverless.Core.Tracking;
using Serverless.Core.Transparency;
using Serverless.Core.Usage;
using Serverless.Core.Webhooks;
using Serverless.Core.Withdrawal;
using Serverless.Core.Workflow;
using Serverless.Platform.Configuration;
using Serverless.Platform.Email;
using Serverless.Platform.Storage;

namespace Serverless.Core;

public static class ServiceCollectionExtensions
{
    /// <summary>Registers the product (handlers, activities, storage, e-mail, certificates) for either host.</summary>
    public static IServiceCollection AddCitizenServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CatalogueOptions>().Bind(configuration.GetSection(CatalogueOptions.Section));
        services.AddOptions<PublicUrlOptions>().Bind(configuration);
        services.AddOptions<ReviewOptions>().Bind(configuration.GetSection(ReviewOptions.Section));
        services.AddOptions<ReviewTokenOptions>().Bind(configuration.GetSection(ReviewTokenOptions.Section));
        services.AddOptions<CitizenAccessOptions>().Bind(configuration.GetSection(CitizenAccessOptions.Section));
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section));
        services.AddOptions<CertificateSigningOptions>().Bind(configuration.GetSection(CertificateSigningOptions.Section));
        services.AddOptions<RevocationOptions>().Bind(configuration.GetSection(RevocationOptions.Section));
        services.AddOptions<WorkflowOptions>().Bind(configuration.GetSection(WorkflowOptions.Section));
        services.AddOptions<RecoveryOptions>().Bind(configuration.GetSection(RecoveryOptions.Section));
        services.AddOptions<Drafts.DraftOptions>().Bind(configuration.GetSection(Drafts.DraftOptions.Section));
        services.AddOptions<TransparencyOptions>().Bind(configuration.GetSection(TransparencyOptions.Section));
        services.AddOptions<WebhookOptions>().Bind(configuration.GetSection(WebhookOptions.Section));
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section));
        services.AddOptions<OpenDataOptions>().Bind(configuration.GetSection(OpenDataOptions.Section));
        services.AddOptions<BackOfficeOptions>().Bind(configuration.GetSection(BackOfficeOptions.Section));
        services.AddEdgeServices(configuration);
        services.AddSingleton<FormGuard>();
        services.AddSingleton<SubmissionGate>();
        services.AddStartupValidation();

        services.AddSingleton(TimeProvider.System);
        // Loaded (and validated) once; CatalogueStartupCheck makes an invalid catalogue stop the app at start-up.
        services.AddSingleton(provider => CatalogueLoader.Load(provider.GetRequiredService<IOptions<CatalogueOptions>>().Value.ResolvedPath));
        services.AddHostedService<CatalogueStartupCheck>();
        services.AddSingleton<SubmissionValidator>();
        services.AddSingleton<CitizenAccessCodes>();
        services.AddSingleton<ReviewTokens>();
        services.AddSingleton<RevocationTokens>();
        services.AddSingleton<ErasureTokens>();

        services.AddSingleton<StorageClients>();
        services.AddSingleton<ApplicationRepository>();
        services.AddSingleton<OldLayoutTables>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuditLogAppender>();
        services.AddSingleton<TransparencyLog>();
        services.AddSingleton<LogSigningKey>();
        services.AddSingleton<Checkpointer>();
        services.AddSingleton<CertificateInLog>();
        services.AddSingleton<CheckpointTimestamper>();
        services.AddHttpClient(nameof(CheckpointTimestamper), client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<TransparencyHandler>();
        services.AddSingleton<TimestampHandler>();
        services.AddSingleton<RetentionIndex>();
        services.AddSingleton<Tombstones>();
        services.AddSingleton<ApplicationEraser>();
        services.AddSingleton<WorkflowPurger>();
        services.AddSingleton<ErasureRequestNotifier>();
        services.AddSingleton<RetentionSweep>();
        services.AddSingleton<UnnamedAttachmentSweep>();
        services.AddSingleton<IStatusChangeObserver, RetentionObserver>();
        services.AddSingleton<BlobFiles>();
        services.AddSingleton<IdempotencyKeys>();
        services.AddSingleton<ReviewDecisions>();
        services.AddSingleton<CertificateRegistry>();
        services.AddSingleton<CertificateHashIndex>();
        services.AddSingleton<ApplicationLoader>();
        services.AddSingleton<WorkflowStarter>();
        services.AddSingleton<WorkflowStartMessages>();
        services.AddSingleton<WorkflowStartRequests>();
        services.AddSingleton<WorkflowStartHandler>();
        services.AddSingleton<RequestSweeper>();
        services.AddSingleton<LostWorkflowSweep>();
        services.AddSingleton<PoisonedMessages>();
        services.AddSingleton<ReferenceGenerator>();
        services.AddSingleton<PendingRequests>();
        services.AddSingleton<ApplicationStatusWriter>();
        services.AddSingleton<ProcedureVersions>();
        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<EmailDeliveries>();
        services.AddSingleton<EmailDispatcher>();
        services.AddSingleton<NoticeDelays>();
        services.AddSingleton<FaultInjection>();
        services.AddSingleton<RecordedRequests>();
        services.AddHostedService<StorageInitializer>();

        // Open data and usage: facts written as status changes (observers), folded and published at night.
        services.AddSingleton<StatisticsLedger>();
        services.AddSingleton<UsageMeter>();
        services.AddSingleton<IStatusChangeObserver, StatisticsObserver>();
        services.AddSingleton<IStatusChangeObserver, UsageObserver>();
        services.AddSingleton<NightlyStatistics>();
        services.AddSingleton<OpenDataHandler>();
        services.AddSingleton(provider => Pricing.Load(provider.GetRequiredService<IOptions<CatalogueOptions>>().Value.ResolvedPath));
        services.AddSingleton<UsageReport>();
        services.AddSingleton<UsageReportRenderer>();

        services.AddSingleton<SmtpConnections>();
        services.AddSingleton<EmailSender>();
        services.AddSingleton<CertificateRenderer>();
        services.AddSingleton<CertificateComposer>();
        services.AddSingleton<CertificateSigning>();

        // Signatures by elected officials (issue 26): decision documents, per-signatory keys, PAdES updates.
        services.AddSignatures(configuration);

        services.AddSingleton<CitizenApplicationAccess>();
        services.AddSingleton<ApplicationIntake>();
        services.AddSingleton<IntakeAnswers>();
        services.AddSingleton<SubmitApplicationHandler>();
        services.AddSingleton<ProcedureFormHandler>();
        services.AddSingleton<ApplicationStatusHandler>();
        services.AddSingleton<CertificateDownloadHandler>();
        services.AddSingleton<ReviewHandler>();
        services.AddSingleton<VerifyCertificateHandler>();
        services.AddSingleton<CatalogueHandler>();
        services.AddSingleton<CorrectionHandler>();
        services.AddSingleton<WithdrawalHandler>();
        services.AddSingleton<OpenApiHandler>();
        services.AddSingleton<EmbedScriptHandler>();
        services.AddSingleton<EmbedFrameHandler>();
        services.AddSingleton<CertificateVerification>();
        services.AddSingleton<VerifyCertificateFileHandler>();
        services.AddSingleton<RevocationHandler>();
        services.AddSingleton<HealthHandler>();
        services.AddSingleton<AccessArchiveHandler>();
        services.AddSingleton<ErasureRequestHandler>();
        services.AddSingleton<ErasureConfirmationHandler>();

        // Outbound events: recorded where the facts happen, delivered from a queue (docs/decisions/0006).
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookHttpClient>();
        services.AddSingleton<WebhookWorkSender>();
        services.AddSingleton<WebhookEvents>();
        services.AddSingleton<WebhookLog>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddSingleton<WebhookRedelivery>();
        services.AddSingleton<WebhookLogHandler>();
        services.AddSingleton<IStatusChangeObserver, WebhookStatusObserver>();

        services.AddSingleton<DecisionRecorder>();
        services.AddBackOffice();
        services.AddSignatureCircuits();
        services.AddCitizenAccounts(configuration);
        // Online payment through the DGFiP's PayFiP (docs/PAYMENTS.md): the protocol client; off while PayFip:ServiceUrl is empty.
        services.AddPayments(configuration);
        services.AddPaymentsBackOffice();
        services.AddFamilyQuotient(configuration);
        services.AddFamilyQuotientPrefill();
        services.AddSingleton<Receipts.ReceiptPdfRenderer>();
        services.AddSingleton<ReceiptHandler>();
        services.AddSingleton<Drafts.DraftTokens>();
        services.AddSingleton<Drafts.DraftStore>();
        services.AddSingleton<Drafts.DraftSweeper>();
        services.AddSingleton<DraftOpening>();
        services.AddSingleton<DraftStepPages>();
        services.AddSingleton<DraftStepAnswers>();
        services.AddSingleton<DraftPrefill>();
        services.AddSingleton<DraftCreation>();
        services.AddSingleton<DraftResumeLinks>();
        services.AddSingleton<DraftSubmission>();
        services.AddSingleton<CitizenAccounts.IMyDraftsSection, MyDrafts>();
        services.AddSingleton<DraftScriptActions>();
        services.AddSingleton<DraftHandler>();

        services.AddSingleton<ReviewerNotifier>();
        services.AddSingleton<ReviewRoundOpening>();
        services.AddSingleton<RevocationLinkNotifier>();
        services.AddSingleton<AcknowledgeReceiptActivity>();
        services.AddSingleton<ValidateApplicationActivity>();
        services.AddSingleton<RequestReviewActivity>();
        services.AddSingleton<SendReviewReminderActivity>();
        services.AddSingleton<EscalateReviewActivity>();
        services.AddSingleton<RequestChangesActivity>();
        services.AddSingleton<CloseApplicationActivity>();
        services.AddSingleton<CertificateDocuments>();
        services.AddSingleton<CertificateRegistration>();
        services.AddSingleton<CertificateApproval>();
        services.AddSingleton<IssueCertificateActivity>();
        services.AddSingleton<NotifyCitizenActivity>();
        services.AddSingleton<OpenReviewRoundActivity>();
        services.AddSingleton<SendReviewerEmailActivity>();
        services.AddSingleton<SendRevocationLinkActivity>();
        services.AddSingleton<OpenIncidentActivity>();
        services.AddSingleton<ClaimImplicitDecisionActivity>();
        services.AddSingleton<CloseIncidentActivity>();
        services.AddSingleton<NotifyAdministratorActivity>();
        services.AddSingleton<AdmissionCommit>();
        services.AddSingleton<AdmitApplicationActivity>();
        services.AddSingleton<AdmitAndOpenReviewActivity>();
        services.AddSingleton<ApproveApplicationActivity>();
        services.AddSingleton<DecisionEmails>();
        return services;
    }
}

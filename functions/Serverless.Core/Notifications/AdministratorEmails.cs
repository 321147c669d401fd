using Serverless.Core.Workflow;

namespace Serverless.Core.Notifications;

/// <summary>What the commune's administrator is told when an application is held up (written for staff: French).</summary>
public static class AdministratorEmails
{
    public static EmailMessage Incident(LoadedApplication application, IncidentNotice incident)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(incident);
        return new EmailLayout()
            .Paragraph("Bonjour,")
            .Paragraph($"Le traitement de la demande {application.Reference} ({application.Procedure.Title.Fr}) est retardé par un incident technique : l'étape « {incident.Step} » a échoué après plusieurs essais.")
            .Table([("Référence", application.Reference), ("Étape", incident.Step), ("Erreur", incident.Error), ("Incident n°", incident.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))])
            .Paragraph("Le service réessaie de lui-même, à intervalles croissants, et reprendra le traitement dès que la cause aura disparu (relais de messagerie, stockage, catalogue). Le délai légal de décision continue de courir. Le demandeur voit sur sa page de suivi que sa demande est retardée.")
            .Build(application.Commune.AdministratorEmail, $"[Incident] Demande {application.Reference} retardée", application.Commune);
    }
}

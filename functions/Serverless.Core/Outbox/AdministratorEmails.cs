using Serverless.Core.Applications;
using Serverless.Core.Workflow;
using Serverless.Platform.Email;

namespace Serverless.Core.Outbox;

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

    /// <summary>
    /// The application's workflow instance was lost while it was pending (purged, failed, terminated, or the task hub
    /// recreated): restarted from its recorded state, or, when that is not safe, waiting for a person.
    /// </summary>
    public static EmailMessage LostWorkflow(LoadedApplication application, IncidentNotice incident, bool restarted)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(incident);
        var layout = new EmailLayout()
            .Paragraph("Bonjour,")
            .Paragraph($"Le traitement automatique de la demande {application.Reference} ({application.Procedure.Title.Fr}) avait disparu alors que la demande était encore en cours.")
            .Table([("Référence", application.Reference), ("Constat", incident.Error), ("Incident n°", incident.Number.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        layout = restarted
            ? layout.Paragraph("Il a été relancé depuis l'état enregistré de la demande (étape, tour d'instruction, délai légal recalculé depuis la réception) : les décisions et compléments déjà enregistrés sont appliqués, aucun courriel déjà envoyé ne l'est une seconde fois. Le demandeur voit l'incident sur sa page de suivi jusqu'à la reprise.")
            : layout.Paragraph("Il n'a pas pu être relancé sans risque : ouvrez la demande dans l'espace agents et consultez son historique. Le délai légal de décision continue de courir.");
        return layout.Build(application.Commune.AdministratorEmail, restarted ? $"[Incident] Demande {application.Reference} : traitement relancé" : $"[Incident] Demande {application.Reference} : intervention nécessaire", application.Commune);
    }
}

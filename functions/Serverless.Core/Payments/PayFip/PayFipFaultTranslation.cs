using System.ServiceModel;
using Serverless.Core.Payments.PayFip.Wire;

namespace Serverless.Core.Payments.PayFip;

/// <summary>
/// Turns what WCF throws for a PayFiP call into a <see cref="PayFipException"/>: each of the WSDL's four faults with
/// PayFiP's code and wording; any other SOAP fault, or an answer that is not SOAP, as a protocol failure; no answer
/// (refused, timed out) as unreachable. Callers see one exception type whatever went wrong on the wire.
/// </summary>
public static class PayFipFaultTranslation
{
    public static async Task<T> Call<T>(Func<Task<T>> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return await call();
        }
        catch (FaultException<FonctionnelleErreur> fault)
        {
            throw From(PayFipFailure.Refused, fault.Detail, fault);
        }
        catch (FaultException<TechDysfonctionnementErreur> fault)
        {
            throw From(PayFipFailure.Malfunction, fault.Detail, fault);
        }
        catch (FaultException<TechIndisponibiliteErreur> fault)
        {
            throw From(PayFipFailure.Unavailable, fault.Detail, fault);
        }
        catch (FaultException<TechProtocolaireErreur> fault)
        {
            throw From(PayFipFailure.Protocol, fault.Detail, fault);
        }
        catch (FaultException fault)
        {
            throw new PayFipException(PayFipFailure.Protocol, null, null, fault);
        }
        catch (Exception exception) when (exception is EndpointNotFoundException or TimeoutException or ServerTooBusyException)
        {
            throw new PayFipException(PayFipFailure.Unreachable, null, null, exception);
        }
        catch (ProtocolException exception)
        {
            throw new PayFipException(PayFipFailure.Protocol, null, null, exception);
        }
        catch (CommunicationException exception)
        {
            throw new PayFipException(PayFipFailure.Unreachable, null, null, exception);
        }
    }

    private static PayFipException From(PayFipFailure failure, PayFipFaultDetail? detail, Exception fault) =>
        new(failure, string.IsNullOrWhiteSpace(detail?.Code) ? null : detail.Code.Trim(), detail?.Libelle ?? detail?.Descriptif, fault);
}

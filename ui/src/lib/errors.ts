// What the UI tells a person when something went wrong: one clear Dutch
// sentence per `ErrorCode`. The Rust message is shown only as detail.

import type { AppError, ErrorCode } from "./ipc";

/** The headline for an error code, in plain Dutch. */
export function errorTitle(code: ErrorCode): string {
  switch (code) {
    case "offline":
      return "Geen verbinding met de centrale dienst. U kunt gewoon verder werken; uw wijzigingen worden verstuurd zodra er weer verbinding is.";
    case "not_signed_in":
      return "U bent niet (meer) aangemeld. Meld u opnieuw aan om te synchroniseren.";
    case "invalid_input":
      return "Niet alle gegevens zijn juist ingevuld.";
    case "keyring":
      return "De sleutelbos van het systeem is niet beschikbaar of vergrendeld.";
    case "store_key_lost":
      return "De sleutel van uw lokale gegevens is niet meer te vinden.";
    case "store":
      return "De lokale gegevens kunnen niet worden geopend.";
    case "not_found":
      return "Dit gegeven bestaat niet (meer).";
    case "internal":
      return "Er ging iets mis.";
    default: {
      const unreachable: never = code;
      return unreachable;
    }
  }
}

/** Headline plus, when present, the detail from Rust. */
export function describeError(error: AppError): { title: string; detail: string } {
  return { title: errorTitle(error.code), detail: error.message };
}

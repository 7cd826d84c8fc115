import type { BannerTextKey } from '../protocol/banner-text-keys.js'

/** The keys of the banner's texts (src/protocol/banner-text-keys.ts). */
export type TextKey = BannerTextKey

export type BannerTexts = Readonly<Record<TextKey, string>>

/**
 * The built-in texts, French and English (the buttons' texts are keyed by their action), the
 * languages of BUILT_IN_BANNER_LANGUAGES. The policy's `banner.texts[lang]` overrides any key and
 * may add languages (`policy check` requires every key of those: banner-text-language); a
 * regional variant reads its base language's texts. Short on purpose: the second layer and the
 * privacy page hold the details, and every byte here is in the size budget.
 *
 * @example
 * BANNER_TEXTS.fr.accept // 'Tout accepter'
 */
export const BANNER_TEXTS: Readonly<Record<string, BannerTexts>> = {
  fr: {
    title: 'Cookies',
    text: 'Avec votre accord, ce site utilise des cookies pour\u00a0: {p}. Vous pouvez changer d\u2019avis à tout moment.',
    privacy: 'Politique de confidentialité',
    accept: 'Tout accepter',
    refuse: 'Tout refuser',
    choose: 'Choisir',
    save: 'Enregistrer mes choix',
    back: 'Retour',
    recipients: 'Destinataires\u00a0: ',
    exempt: 'Sans accord\u00a0: mesure anonyme.',
    gpc: 'Global Privacy Control\u00a0: refus appliqué.',
    manage: 'Gérer mes cookies',
    blocked: 'Contenu bloqué\u00a0: ',
    allow: 'Autoriser ',
  },
  en: {
    title: 'Cookies',
    text: 'With your consent, this site uses cookies for: {p}. You can change your mind at any time.',
    privacy: 'Privacy policy',
    accept: 'Accept all',
    refuse: 'Refuse all',
    choose: 'Choose',
    save: 'Save my choices',
    back: 'Back',
    recipients: 'Recipients: ',
    exempt: 'Without consent: anonymous measurement.',
    gpc: 'Global Privacy Control: refusal applied.',
    manage: 'Manage my cookies',
    blocked: 'Content blocked: ',
    allow: 'Allow ',
  },
}

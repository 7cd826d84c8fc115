import type { PolicyPageTexts } from './policy-page-texts.js'

/** No-break space: French puts one before « ; : ! ? » and inside « ». */
const NB = '\u00a0'

const DAY = new Intl.DateTimeFormat('fr', { dateStyle: 'long', timeZone: 'UTC' })

/**
 * The French privacy-policy page (see {@link PolicyPageTexts}).
 *
 * @example POLICY_PAGE_FR.months(13) // '13\u00a0mois'
 */
export const POLICY_PAGE_FR: PolicyPageTexts = {
  title: 'Politique de confidentialité',
  intro:
    'Cette page explique quelles données ce site recueille, pourquoi, combien de temps il les conserve et comment exercer vos droits. Elle est produite à partir du fichier de politique que le site applique lui-même\u00a0: ce qu’elle annonce est ce que fait le code.',
  version: (version, effective) => `Version ${version}, applicable à compter du ${effective}.`,
  months: (n) => `${n}${NB}mois`,
  // Intl writes « 1 novembre 2026 »; French writes the first of the month « 1er ».
  date: (iso) => DAY.format(new Date(`${iso}T00:00:00Z`)).replace(/^1 /, '1er '),
  list: (items) =>
    items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} et ${items.at(-1)}`,
  quote: (text) => `«${NB}${text}${NB}»`,

  controllerHeading: 'Responsable du traitement',
  controller: (name, address, contact) =>
    `Le responsable du traitement est <strong>${name}</strong>${address === undefined ? '' : `, ${address}`}. Pour toute question sur vos données, ${contact}.`,
  contactAt: (contact, isUrl) => (isUrl ? `rendez-vous sur ${contact}` : `écrivez à ${contact}`),

  purposesHeading: 'Finalités et bases légales',
  purposesIntro: 'Vos données ne sont utilisées que pour les finalités suivantes.',
  basisLabel: `Base légale${NB}:`,
  basisConsent: `votre consentement (article 6.1.a du RGPD et article 82 de la loi Informatique et Libertés). Rien n’est recueilli ni déposé pour cette finalité avant que vous l’acceptiez${NB}; vous pouvez retirer votre accord à tout moment, aussi simplement que vous l’avez donné.`,
  basisExempt: (statistics) =>
    `mesure d’audience exemptée de consentement, dans les conditions fixées par la CNIL (article 82 de la loi Informatique et Libertés), fondée sur l’intérêt légitime de l’éditeur à mesurer la fréquentation de son site (article 6.1.f du RGPD). Sans votre accord, le site compte seulement des visites anonymes, et plus aucune si vous vous y opposez (section ${POLICY_PAGE_FR.quote('Vos droits')})${NB}: aucun cookie de mesure n’est déposé, aucun identifiant n’est envoyé, et les statistiques ne servent qu’à l’éditeur. Si vous acceptez ${statistics}, un identifiant de visiteur est déposé pour reconnaître vos visites suivantes (voir ${POLICY_PAGE_FR.quote('Cookies et stockage sur votre appareil')})${NB}: cela, seul votre consentement le permet.`,
  purposeRecipients: (names) => `Destinataires${NB}: ${names}.`,

  dataHeading: 'Données recueillies lors de vos visites',
  dataIntro: `À chaque page consultée, le site enregistre${NB}:`,
  dataItems: (queryKeys, statistics) => [
    `l’adresse de la page, sans ce qui suit le ${POLICY_PAGE_FR.quote('#')}${NB}; de ses paramètres, ${
      queryKeys.length === 0
        ? 'aucun n’est gardé'
        : `seuls ${POLICY_PAGE_FR.list(queryKeys)} sont gardés`
    }${NB};`,
    `la page d’où vous venez, réduite à son site et à son chemin${NB};`,
    `la date et l’heure, et les opérations effectuées que le site mesure (par exemple le téléchargement d’un fichier)${NB};`,
    `votre pays, déduit de votre adresse IP${NB}; l’adresse IP elle-même n’est jamais enregistrée${NB};`,
    `le type d’appareil (ordinateur, mobile, tablette) et les familles de votre navigateur et de votre système, sans leur version${NB};`,
    `l’identifiant de visiteur, seulement si vous avez accepté ${statistics}.`,
  ],
  dataNote:
    'Ces informations ne contiennent ni votre nom ni votre adresse IP. Sans l’identifiant de visiteur, elles ne peuvent pas être reliées entre elles.',

  cookiesHeading: 'Cookies et stockage sur votre appareil',
  cookiesIntro: `Tant que vous n’avez pas fait de choix, rien n’est déposé sur votre appareil. Voici tout ce que le site peut y conserver${NB}:`,
  cookieColumns: ['Nom', 'Rôle', 'Durée'],
  consentCookie: `Retient votre choix${NB}: date du premier dépôt, date de votre décision, version de la politique, finalités acceptées et refusées, et le numéro du reçu de votre consentement si vous avez accepté quelque chose. Si vous refusez tout, il ne contient aucun identifiant.`,
  visitorCookie: (statistics) =>
    `Identifiant de visiteur aléatoire, qui permet de reconnaître vos visites suivantes. Déposé seulement si vous acceptez ${statistics}${NB}; supprimé dès que vous retirez cet accord.`,
  purposeCookie: (title) =>
    `Finalité ${title}${NB}: déposé seulement si vous l’acceptez, supprimé dès que vous la retirez.`,
  cookiePrefix: (prefix) => `les cookies dont le nom commence par <code>${prefix}</code>`,
  lifetime: (months) =>
    `${POLICY_PAGE_FR.months(months)} à compter de son premier dépôt${NB}; vos visites ne la prolongent pas`,
  visitorLifetime: (months) =>
    `${POLICY_PAGE_FR.lifetime(months)}, et jamais au-delà de la validité de votre choix`,
  historyStorage: (personalisation) =>
    `Stockage local du navigateur, et non un cookie${NB}: les 20 dernières pages consultées, pour personnaliser l’affichage. Seulement si vous acceptez ${personalisation}${NB}; le site ne l’envoie jamais.`,
  historyDuration: (personalisation) =>
    `Tant que ${personalisation} est acceptée${NB}; effacé dès que vous la retirez`,
  firstParty:
    'Ces cookies sont déposés par le site lui-même (cookies internes) et ne sont lus par aucun autre site.',

  choiceHeading: 'Durée de votre choix',
  choice: (validity, refusal, manage) => [
    `Votre consentement vaut ${POLICY_PAGE_FR.months(validity)} à compter du jour où vous l’avez donné pour la première fois${NB}; vos visites ne prolongent pas ce délai. Ensuite, le bandeau vous demande à nouveau votre choix.`,
    `Si vous refusez tout, ce refus est retenu ${POLICY_PAGE_FR.months(refusal)}${NB}; ensuite, le bandeau vous demande à nouveau votre choix.`,
    `Vous pouvez modifier ou retirer votre choix à tout moment avec le bouton ${manage}, sur cette page (section ${POLICY_PAGE_FR.quote('Vos droits')}).`,
  ],
  receipts:
    'Chaque décision est enregistrée sous forme de reçu (date, version de la politique, finalités acceptées et refusées), pour pouvoir prouver votre consentement. Un refus est enregistré sans aucun lien avec vous.',
  gpc: (manage) =>
    `Si votre navigateur envoie le signal Global Privacy Control (GPC), le site le traite comme un refus de toutes les finalités et une opposition à la mesure d’audience, même après un accord antérieur${NB}: le bandeau n’est pas affiché, l’identifiant de visiteur et les données des finalités refusées sont effacés de votre appareil, et aucune visite n’est comptée, même anonyme. Le bouton ${manage} montre ce choix.`,

  retentionHeading: 'Durée de conservation',
  retentionEvents: (months) =>
    `Les données de visite sont conservées ${POLICY_PAGE_FR.months(months)}, puis supprimées automatiquement par le serveur.`,
  retentionReceipts: (months) =>
    `Les reçus de vos choix sont conservés ${POLICY_PAGE_FR.months(months)}, comme preuve. Si vous effacez vos données, ils sont gardés, mais détachés de votre identifiant.`,

  recipientsHeading: 'Destinataires',
  recipientsIntro: () =>
    `Outre le responsable du traitement, les organismes suivants reçoivent des données${NB}:`,
  noRecipients: () =>
    'Vos données ne sont transmises à personne d’autre que le responsable du traitement.',
  recipientColumns: ['Destinataire', 'Rôle', 'Pays', 'Finalités'],
  // Without the controller's name: French would need an article before it (« de l’Association… »).
  role: (role) =>
    role === 'processor'
      ? `sous-traitant${NB}: agit uniquement pour le compte du responsable du traitement et selon ses instructions`
      : `responsable de traitement${NB}: utilise les données pour ses propres fins`,
  outsideEea: 'hors de l’Espace économique européen',
  privacyNotice: 'sa politique de confidentialité',

  publicationHeading: 'Publication de statistiques agrégées',
  publication: (controller, minGroupSize) => [
    `${controller} peut publier et utiliser des informations agrégées — sur l’ensemble des visiteurs ou sur des groupes ou catégories de visiteurs, combinées de façon qu’aucun visiteur ne puisse être identifié ni isolé — ainsi que des informations non personnelles, pour l’analyse du secteur et du marché, le profil démographique de son audience, sa promotion, la publicité et d’autres fins commerciales.`,
    `Chaque chiffre publié décrit au moins ${minGroupSize}${NB}visiteurs distincts${NB}: un chiffre qui en décrirait moins n’est pas publié. Aucune donnée individuelle n’est publiée.`,
  ],

  rightsHeading: 'Vos droits',
  rights: (contactAt) =>
    `Vous disposez d’un droit d’accès, de rectification, d’effacement, d’opposition, de limitation du traitement et de portabilité de vos données, et vous pouvez retirer votre consentement à tout moment. Pour exercer ces droits, ${contactAt}.`,
  manageIntro: `Modifier ou retirer votre choix${NB}:`,
  objection: (statistics, gpc) =>
    `Vous pouvez vous opposer à la mesure d’audience, même anonyme${NB}: le site ne comptera plus aucune de vos visites dans ce navigateur. Refuser ${statistics} dans le bandeau${gpc ? ', ou activer Global Privacy Control dans votre navigateur,' : ''} a le même effet.`,
  objectLabel: 'Je m’oppose à la mesure d’audience',
  objected: `C’est noté${NB}: vos visites ne sont plus comptées dans ce navigateur.`,
  dataControlsIntro: `Voir ou effacer les données liées à ce navigateur${NB}:`,
  dataControlsNote: (statistics) =>
    `Ces boutons utilisent l’identifiant de visiteur conservé dans ce navigateur (cookie <code>temoin_id</code>) et ne montrent que ce qui lui est lié. Sans cet identifiant (si vous n’avez pas accepté ${statistics}), aucune donnée n’est liée à vous. L’effacement supprime vos données de visite et l’identifiant${NB}; les reçus de vos choix sont gardés comme preuve, sans lien avec vous.`,
  seeLabel: 'Voir mes données',
  eraseLabel: 'Effacer mes données',
  noScript: 'Ces boutons demandent JavaScript. Vous pouvez aussi exercer vos droits par écrit.',
  complaint:
    'Si vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr</a>).',
  script: {
    none: `Ce navigateur ne conserve aucun identifiant de visiteur${NB}: aucune donnée n’y est liée.`,
    seen: `Pages vues et événements enregistrés${NB}: {events}${NB}; reçus de vos choix${NB}: {receipts}.`,
    erased: `C’est fait. Pages vues et événements effacés${NB}: {events}${NB}; reçus gardés comme preuve, sans lien avec vous${NB}: {receipts}. Si la mesure d’audience reste acceptée, un nouvel identifiant sera créé à votre prochaine visite.`,
    failed: `La demande n’a pas abouti${NB}:`,
    confirm: `Effacer les données de visite liées à ce navigateur${NB}? Cette action est définitive.`,
    download: 'Télécharger ces données (JSON)',
  },

  changesHeading: 'Modifications de cette politique',
  changes: [
    `Nous vous informons de tout changement substantiel de cette politique${NB}: le bandeau l’annonce avant son entrée en vigueur, avec un résumé et un lien vers cette page.`,
    `Nous ne réduisons jamais le niveau de confidentialité (durée plus longue, nouvelle finalité, nouveau destinataire, seuil de publication plus faible…) sans vous en informer au préalable et obtenir votre consentement${NB}: à partir de la date d’effet, votre accord vous est demandé à nouveau pour les finalités concernées.`,
  ],

  historyHeading: 'Historique des versions',
  historyColumns: ['Version', 'Publiée le', 'Applicable le', 'Changements'],
  noHistory: 'Aucune version antérieure.',
  historySites: (domains) => `Concerne${NB}: ${domains}.`,
}

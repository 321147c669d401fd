// The test identities of the FranceConnect integration sandbox's demonstration identity provider, as FranceConnect
// publishes them (github.com/france-connect/identity-provider-example: database.csv and
// data/DGFiP-shared-database.csv, the identities shared by the FranceConnect integration environment and the DGFiP
// sandbox). Every one is fictitious. birthplace is the INSEE code of the commune of birth (COG), birthcountry the INSEE
// code of the country (99100: France), as FranceConnect's pivot identity gives them.
export const identities = [
  {
    login: 'testfc1',
    given_name: 'Stéphane Louis Perceval',
    family_name: 'DUPONT',
    preferred_username: 'DUPONT',
    gender: 'male',
    birthdate: '1962-08-24',
    birthplace: '75112',
    birthcountry: '99100',
    email: 'testfc1@franceconnect.gouv.fr',
  },
  {
    login: '1234567891011',
    given_name: 'Éric Julien',
    family_name: 'MERCIER',
    preferred_username: 'MERCIER',
    gender: 'male',
    birthdate: '1969-03-17',
    birthplace: '95277',
    birthcountry: '99100',
    email: 'mercier_eric@mail.com',
  },
  {
    login: '3_melaine',
    given_name: 'Mélaine Évelyne',
    family_name: 'TROIS',
    preferred_username: 'TROIS',
    gender: 'female',
    birthdate: '1981-07-27',
    birthplace: '95277',
    birthcountry: '99100',
    email: 'trois_melaine@mail.com',
  },
  {
    login: '3999999930262',
    given_name: 'PRENOM ERIC',
    family_name: 'CIS QUARANTECINQ',
    preferred_username: '',
    gender: 'male',
    birthdate: '1982-10-12',
    birthplace: '51054',
    birthcountry: '99100',
    email: 'wavyppasseze-3152@yopmail.com',
  },
  {
    login: '3999999931263',
    given_name: 'PNM EMMA',
    family_name: 'CIS QUARANTESIX',
    preferred_username: '',
    gender: 'female',
    birthdate: '1976-11-17',
    birthplace: '86190',
    birthcountry: '99100',
    email: 'ursaznxvivcj-1912@yopmail.com',
  },
];

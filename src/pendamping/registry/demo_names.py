"""Synthetic Indonesian names for demo and evaluation data (Kota Pekanbaru, Riau).

Pure Python, no Django.  Every name is invented by combining common given names
(and, for Batak, Nias and Chinese-Indonesian families, common family names); the
generator never reproduces real people on purpose and refuses a handful of famous
full names.

The population mix follows Pekanbaru: Minangkabau, Melayu Riau, Javanese and Batak
(Toba and Mandailing) with Chinese-Indonesian, Sundanese, Bugis and Nias minorities.

Spelling variety is deliberate: the same base name is written differently across the
population (``Muhammad``/``Muhamad``/``M.``, ``Rizky``/``Rizki``, old Dutch-era
``Djoko``/``Soeparman`` for people born before 1976 ...), so record linkage and
search have to cope with it.  :data:`VARIANTS` lists the known spellings and
:func:`spelling_variant` applies one to corrupt a record for linkage evaluation.

Usage::

    names = NameGenerator(random.Random(42))
    family = names.family()
    family.person_name(sex="L", relationship="head", birth_year=1971)
    names.birth_place(migrant=True)      # plausible for the last family's ethnicity

Output names are Title Case with single spaces, ASCII letters plus ``. ' -``; the
only lower-case words are the particles ``bin``, ``binti`` and ``br.``.
"""

from __future__ import annotations

import random

__all__ = [
    "ETHNICITIES",
    "ETHNICITY_WEIGHTS",
    "OLD_SPELLINGS",
    "PARTICLES",
    "RELATIONSHIPS",
    "VARIANTS",
    "FamilyNaming",
    "NameGenerator",
    "honorific",
    "pool_sizes",
    "spelling_variant",
    "with_honorific",
]

# Approximate Pekanbaru shares (2010 census: Minang ~38%, Melayu ~26%, Jawa ~16%,
# Batak ~11%, others small).
ETHNICITY_WEIGHTS: dict[str, float] = {
    "minang": 0.37,
    "melayu": 0.26,
    "jawa": 0.16,
    "batak": 0.11,
    "tionghoa": 0.03,
    "sunda": 0.03,
    "bugis": 0.02,
    "nias": 0.02,
}
ETHNICITIES: tuple[str, ...] = tuple(ETHNICITY_WEIGHTS)
RELATIONSHIPS: tuple[str, ...] = (
    "head",
    "spouse",
    "child",
    "grandchild",
    "parent",
    "other_relative",
)
PARTICLES: frozenset[str] = frozenset({"bin", "binti", "br."})

_NATIVE_TOKENS: set[str] = set()  # Indonesian-origin words: eligible for old spelling
_ALL_TOKENS: set[str] = set()

Pool = tuple[tuple[str, ...], ...]
Pattern = tuple[Pool, ...]
Plan = tuple[Pattern, ...]


def _pool(text: str, *, western: bool = False) -> Pool:
    """Parse ``"Agus*2 Zainal_Abidin"``: ``_`` joins words, ``*n`` repeats (weight)."""
    entries: list[tuple[str, ...]] = []
    for raw in text.split():
        name, _, times = raw.partition("*")
        words = tuple(name.split("_"))
        for word in words:
            _ALL_TOKENS.add(word)
            if not western:
                _NATIVE_TOKENS.add(word)
        entries.extend([words] * (int(times) if times else 1))
    return tuple(entries)


def _plan(*items: tuple) -> Plan:
    """``(weight, pool, pool, ...)`` items -> flat tuple, each pattern repeated ``weight``."""
    out: list[Pattern] = []
    for weight, *pools in items:
        out.extend([tuple(pools)] * weight)
    return tuple(out)


# ---------------------------------------------------------------------------
# Given-name pools
# ---------------------------------------------------------------------------

# Islamic prefixes
M_PFX = _pool("Muhammad*7 Ahmad*3")
F_PFX = _pool("Siti*6 Nur*3")

# Shared Islamic / Malay-world names, people born before ~1965
M_ISL_OLD = _pool(
    """Syamsuddin*3 Abdullah*2 Ismail*2 Ibrahim*2 Yusuf*2 Idris Harun Hasan*2 Husin
    Mahmud*2 Ramli*2 Rusli*2 Salim Jamaluddin Kamaruddin Zakaria Hamzah Usman*2 Umar Ali
    Sulaiman*2 Daud Musa Ilyas Yunus Ishak Yakub Saleh Arifin*2 Anwar Zainuddin Nurdin*2
    Baharuddin Amiruddin Nasaruddin Burhanuddin Syafruddin Saifuddin Mukhtar Basri Jamil
    Halim Hamid Rasyid Marzuki Mansur Zulkifli Thamrin Syarifuddin Bakhtiar Syukri Rahmat
    Ahmad Kasim Yahya Taher Said Dahlan Bahrum Jalaluddin Hasbullah Sofyan Jamal Hanafi"""
)
M_ISL_OLD2 = _pool(
    """Zainal_Abidin Abu_Bakar Abdul_Rahman Abdul_Hamid Abdul_Karim Abdul_Majid
    Abdul_Latif Abdul_Kadir Abdul_Aziz Abdul_Gani Abdul_Wahab Abdul_Halim Abdul_Rasyid
    Abdul_Malik Abdul_Muis Muhammad_Nur Muhammad_Amin Muhammad_Saleh Muhammad_Yusuf
    Muhammad_Ali Ahmad_Syukri Nur_Hasan"""
)
F_ISL_OLD = _pool(
    """Rohani*2 Rosmah Zaleha Halimah*2 Aminah*2 Fatimah*2 Maimunah Salmah*2 Zubaidah
    Rukiah Hasnah Asmah Kalsum Saodah Rosni Jamilah Maryam Hamidah Nurhayati*3 Zainab
    Khadijah Hafsah Rahimah Fauziah Azizah Samsiah Rosidah Hasanah Latifah Zuraidah Jariah
    Asiah Nursiah Rabiah Syamsiah Mardiah Rosnah Nurlela Nuraini Sumarni*2 Rohana Habibah
    Ramlah Rosmawati Saniah Masitah Juriah Nurbaya Hindun Saadah Sariah Mahyar"""
)
F_ISL_OLD1 = _pool(  # used after Siti / Nur
    """Aminah*2 Hawa Rahmah Zubaidah Fatimah Khadijah Maryam Hajar Aisyah Zaleha Rohani
    Rukiah Halimah Salmah Hasanah Asiah Jamilah Aisah Saadah"""
)

# Mid era (born ~1965-1999)
M_MID_FIRST = _pool(
    """Agus*2 Budi Andi*2 Rudi*2 Dedi*2 Hendra*2 Heri Irwan*2 Yudi Rahmat*2 Arif Doni Roni
    Rizal*2 Ridwan Iwan Dodi Adi Edi Taufik Syaiful Khairul Hendri Indra*2 Anton Ilham Feri
    Deni Firman Imam Bayu Erwin Wahyu Fajar Riki Sandi Ikhsan Syahrul Amri Arman Herman
    Surya Dani Rizky Reza Yogi Fikri Fadli Joni Ari Eko Joko Andre Ferdi Hadi Irfan Rahmadi
    Afrizal Ahmad*3 Muhammad*4 Zulkifli Yusuf Yusri Zulfahmi Wawan Roki Hamdan Zainal"""
)
M_MID_SECOND = _pool(
    """Saputra*2 Setiawan*2 Hidayat*2 Kurniawan*2 Syahputra*2 Pratama Gunawan Hartono
    Santoso Wijaya Nugroho Prasetyo Efendi Rahman Hakim Firdaus Ramadhan Anwar Fauzi*2
    Syahrial Iskandar Hamdani Azhari Lukman Hermawan Wahyudi Irawan Susanto Ardiansyah Rizal
    Jaya Putra Abdillah Akbar Husni Sofyan Zulfikar Fahmi Maulana Yusuf Ismail Rahmadi
    Nasrullah Hidayatullah Saleh Habibi Amin Arifin Fadillah Firmansyah Marzuki Wibowo
    Pribadi Syahputra Alamsyah Kurnia Mahendra Yulianto"""
)
M_MID_SINGLE = _pool(
    """Syahrial Zulkifli Khairul Syafrizal Hendri Azwar Irwansyah Junaidi Mardiansyah
    Ramadhan Amrizal Hamdani Darmawan Fadli Zulfikar Ilham Firdaus Ridwan Mulyadi Suherman
    Nasrullah Jumadi Rusdi Yusri Herianto Mardani Nurhadi Suhendri Erianto Asrul Zulhelmi
    Musliadi Rahmadi Syahrizal Darwin Edison Hasbi Ikhwan Muhammad_Yusuf Muhammad_Rizal
    Ahmad_Fauzi Abdul_Rahman Zainal_Abidin Rahmat_Hidayat Khairul_Anwar Syaiful_Bahri
    Nur_Hasan Muhammad_Iqbal Abdul_Hakim Muhammad_Fadli Abdul_Aziz Muhammad_Ikhsan"""
)
# for one-word names: "Muhammad" alone is unusual
M_MID_SOLO = tuple(e for e in M_MID_FIRST if e != ("Muhammad",))
F_MID_FIRST = _pool(
    """Sri*2 Dewi*2 Fitri*2 Rina Yeni Desi Lina Nurul*2 Siti*3 Nur*2 Dian Rini Yuli Evi Eka
    Lia Mega Novi Rika Indah Ratna Wulan Intan Ayu Yulia Lisa Susi Reni Sari Ani Tuti Erna
    Mira Vivi Winda Linda Putri Anita Nia Dina Ika Rahma Nova Maya Yanti Wiwik Elsa Suci
    Rani Ria Rosa Tika Mutia Nadia Widya Sinta Dini Febri Irma Wiwin Eli Leni Eva"""
)
F_MID_SECOND = _pool(
    """Wahyuni*2 Lestari*2 Rahmawati*2 Yanti Susanti Handayani Suryani Sari Puspita
    Anggraini Safitri Fitriani Ratnasari Permatasari Hidayah Aisyah Wulandari Oktaviani
    Hasanah Marlina Yulianti Kurniasih Novita Astuti Purnamasari Rahayu Ningsih Utami
    Andriani Agustina Pertiwi Aprilia Herlina Amelia Ramadhani Maharani Fauziah
    Azizah Rahmadani Nuraini Damayanti Kartika Juwita Syafitri Febriani Puspitasari Yuliana
    Afriani Yusnita Rosmawati Nurjanah Yusnaini Indriani Novianti Hayati Mardiana"""
)
F_MID_SINGLE = _pool(
    """Nurhayati*2 Rosmawati Yusnita Lisnawati Herlina Yeni Eliza Fitriani Nurlela Suryani
    Ernawati Rahmawati*2 Marlina Yuliana Susanti Sulastri Rosnita Yusnaini Novianti
    Ramadhani Hartati Jumiati Ratnawati Sumiati Erlina Deliana Farida Rosdiana Asmawati
    Syafitri Misnawati Nuraini Zuraida Hasnawati Elvira Nurjanah Yuliani Fitria Wahyuni
    Yenti Rismawati Khairani Nurmala Zubaidah Yuliza Febrina Indrawati Hayati Mardiana
    Nurhasanah Sri_Wahyuni Siti_Aisyah Siti_Rahmah Nur_Azizah Desi_Ratnasari Nurul_Hidayah
    Siti_Nurjanah Nur_Aisyah Dewi_Sartini"""
)

# Young (born 2000 and later)
M_YOUNG_FIRST = _pool(
    """Muhammad*12 Ahmad*2 Alif Rizky*2 Fadhil Rafi Dimas Fahri Farhan Raka Arkan Daffa
    Dzaki Aditya Rayhan Alvaro Azka Hafiz Naufal Rasya Zidan Fathan Akbar Aqil Arya Fikri
    Ilham Yusuf Zaki Haikal Faris Ridho Habib Satria Galang Reza Bagas Fajar Irfan Nabil
    Aldo Andika Athar Abizar Gibran Ariq Ikhsan Hanif Rafa Revan Gilang Fauzan Zaidan
    Syauqi Zikri Azzam Kenzi Rizqullah Barra Arsyad"""
)
M_YOUNG_SECOND = _pool(
    """Ramadhan*3 Pratama*3 Saputra*3 Syahputra*2 Rizky*2 Fadillah Hidayat Akbar Maulana
    Alfarizi Firmansyah Nugraha Hakim Aditya Prasetya Kurniawan Setiawan Alghifari Habibi
    Rasyid Ilham Fauzan Fadhil Arrasyid Permana Wijaya Azzam Iqbal Firdaus Rafif
    Ardiansyah Putra*2 Al-Fatih Abdillah Hafiz Alfarisi Arkana Athallah Pradana Febrian
    Zulfikar"""
)
M_YOUNG_THIRD = _pool(
    """Ramadhan Pratama Saputra Syahputra Alfarizi Akbar Maulana Hidayat Firmansyah Putra
    Alghifari Abdillah Fadillah"""
)
M_YOUNG_SOLO = tuple(e for e in M_YOUNG_FIRST if e != ("Muhammad",))
F_YOUNG_FIRST = _pool(
    """Aisyah*2 Nayla*2 Putri*3 Siti*3 Nur*2 Zahra Salsabila Nabila Aulia Alya Keisha
    Kayla Aqila Naura Khanza Syifa Annisa*2 Nadia Dinda Rahma Tiara Amelia Cinta Adinda
    Alifa Hana Zaskia Shafa Najwa Fatimah Intan Sabrina Laila Aira Zalfa Raisa Humaira
    Nazwa Mutiara Arsyila Almira Zivana Dwi Cahaya Della Aurel Tasya Febi Citra Anggun
    Ayu Rania Hanifah Syakira Azkia Qonita"""
)
F_YOUNG_SECOND = _pool(
    """Putri*3 Azzahra*3 Ramadhani*2 Aulia Salsabila Nabila Safitri Lestari Maharani
    Khairunnisa Zahira Anggraini Pratiwi Fitriani Rahmadani Amalia Humaira Nuraini
    Syahputri Febriani Permata Cahyani Kirana Agustina Ananda Fadilah Hasanah Mawaddah
    Apriliani Oktaviani Ayu Rahmawati Zahra Adelia Septiani Anjani Kartika Aprilia
    Handayani Sakinah Azizah"""
)
F_YOUNG_THIRD = _pool(
    """Putri Azzahra Ramadhani Aulia Safitri Nabila Khairunnisa Lestari Maharani Syahputri
    Salsabila"""
)

# Melayu Riau
MEL_M_OLD = _pool(
    """Atan Bujang Awang Dolah Leman Amat Tamrin Hamdan Azhar Rosli Jaafar Ramlan Kasim
    Zakir Bahar Syahrial Darwis Hasyim Jamal Mahyuddin Kamal Johar Tarmizi Zulkarnain
    Syahril Bakri Junaidi Badrun Rusli Ahmad Tahir Mansyur Zainal"""
)
MEL_M_MID = _pool(
    """Syahrial Zulkarnain Tarmizi Azhar Syafrizal Khairul Zulkifli Hamdani Junaidi
    Syahrul Azwar Fauzi Rizal Syamsul Mardiansyah Irwansyah Zulfikar Aswandi Aidil Dedi
    Rahmat Indra Jefri Ferry Erizal"""
)
MEL_F_OLD = _pool(
    """Rosnani Normah Esah Timah Minah Mahani Maznah Rosmini Zaiton Kamariah Hamsiah
    Jubaidah Rodiah Habsah Salbiah Rosiah Rohaya Zahara Rosmah Saleha Norma Syarifah Rohana
    Maimun"""
)
MEL_F_MID = _pool(
    """Yusnita Rosnita Nurlela Zuraida Yusnaini Eliza Herlina Rosdiana Asmawati Misnawati
    Syafitri Mardiana Rahmah Zubaidah Nurhasanah Suryani Yuliza Rahmi Khairani Yenti Desi
    Elvira Widya Febrina Syarifah"""
)

# Minangkabau
MIN_M_OLD = _pool(
    """Nasrul Zulkarnain Bustami Darwis Syahrul Asril Yulizar Amril Jasman Nazar Rustam
    Syamsul Jufri Erman Efendi Yusran Alizar Afrizal Mardanis Armen Azwar Asmar Darmawi
    Syafri Nasir Jamaris Yunasril Arbi Khairul Amrizal Emrizal Syafrizal Masrul Yasrul
    Maizar Kasman Syahril Bakhtiar Anas Idrus Darman Yusman Syafruddin Zulfikar Marjohan
    Syofyan Asrul Bahar Rasyidin Munir Elfian Zainal Zulfahmi Harmen Dasril Nazwar Yunizar
    Edwar Darwin Mukhlis Nurdin Syamsuddin Rusli Marzuki"""
)
MIN_M_MID = _pool(
    """Afrizal Syafrizal Hendri Yondri Zulhendri Novrizal Yusrizal Asrizal Zulfahmi Fadli
    Riko Febri Fikri Andri Ferdi Yuliandri Afdal Rifki Habibi Firdaus Defri Yogi Wendi Roni
    Zikri Deswandi Efrizal Elfiandi Nofriadi Irfan Rinaldi Masrizal Yosrizal Syafrianto
    Hardianto Doni Yudi Ilham Rahmat Fajar Reza Rizal Ikhsan Hafiz Desrizal Yulizar
    Hendra Rudi Dedi Andi Edi Heri"""
)
MIN_F_OLD = _pool(
    """Yusnimar Nurlaili Rosmaniar Yusnidar Asmaniar Erniwati Desmawati Yusnani Rosmiati
    Nurbaiti Syafrida Darmawati Yusmaniar Zuraida Efrida Rahmiati Nurhasanah Asni
    Ernawati Mariani Nurmi Kasmiati Rosna Yusniar Darni Syamsinar Nurjanah Ramlah Murni
    Rosnidar Asnidar Yarni Erni Nismawati Misnawati Ratna Fatmawati Yuslinar Nurhayati
    Rosmaini Syamsidar Yusnida Nurlela Asmawati Ermawati Hasnidar Nurmalis Zaitun Nurlis
    Marlis Darnis Syofia Rosmalis Nurmaini Nurbaya Jusnimar"""
)
MIN_F_MID = _pool(
    """Yulia Rahmi Elfi Ratna Nelly Misrawati Fitri Desi Yeni Rina Mira Silvia Novia Yuni
    Lisa Fitria Rani Wilda Nofrita Rahmadani Fauziah Febriani Rahmawati Ilfa Suci Sari
    Vivi Delvi Elvira Yulianti Rika Mega Rosa Desmawati Yusnita Elfira Nofriyanti Yesi
    Rahmayani Fitriyani Yuliarni Erlinda Marlinda Yosi Elsa Desriani Yusra Zurniati
    Syafrida Elmi Netti"""
)

# Javanese
JW_M_OLD = _pool(
    """Sutrisno*2 Wagiman Sukardi Suparman*2 Sugiyono Sumarno Suyanto Paiman Poniman
    Slamet*2 Sarno Kasiman Tukiman Joko Supardi Sunarto Parman Karno Mulyono Sukiman Sutarno
    Wagimin Ngadiman Tugiran Sugeng Sukirno Suwarno Sumadi Kardi Warsito Sutikno Hadi
    Jumadi Misran Legiman Marijan Sarmin Suroto Subagyo Sunardi Sunaryo Wiyono Sumardi
    Sugiman Ponidi Katimin Riyadi Wakidi Mujiono Kusno Yatno Suwardi Harjono Purwanto
    Suyitno Mulyadi Sumarto Suprapto Sarijo Jumari Cahyo"""
)
JW_M_FIRST = _pool(
    """Agus*3 Budi*2 Eko*2 Dwi Tri Joko*2 Heru Bambang*2 Hadi Slamet Teguh Ari Wahyu Dedi
    Andi Rudi Hendra Imam Iwan Yudi Bayu Adi Nanang Sigit Arif Sugeng Edi Didik Anang
    Catur Cahyo Puji Dodik Agung Totok Bagus Yuli Hari Gatot Setyo Purwanto Mulyono"""
)
JW_M_SECOND = _pool(
    """Setiawan Santoso*2 Prasetyo*2 Purnomo Susilo Wibowo Hartono Wahyudi Kurniawan
    Saputro Nugroho*2 Riyanto Sutrisno Hidayat Suprapto Pranoto Siswanto Gunawan
    Sulistyo Cahyono Wicaksono Utomo Raharjo Hermawan Setiadi Haryanto Susanto Subagyo
    Sumarno Priyanto Wijaya Suryono Purwanto Hariyadi Kuncoro Budiono Mulyono Widiyanto"""
)
JW_M_YOUNG = _pool(
    """Bagas Galih Dimas Bayu Aji Wisnu Yoga Rangga Satria Fajar Danu Raka Gilang Arya
    Dwi Tri Eko Bima Yudha Ilham Rizky Adi Aditya Damar Tegar"""
)
JW_M_YOUNG2 = _pool(
    """Pratama Saputra Prasetya Nugraha Wicaksono Ramadhan Permana Aditya Firmansyah
    Setiawan Kurniawan Wijaya Santoso Putra Hidayat Aji Pamungkas Nugroho Saputro
    Prasetyo Wibisono"""
)
JW_F_OLD = _pool(
    """Suparmi*2 Sumarni*2 Sulastri*2 Tukinem Painem Sunarti Ngatini Sumiyati Suwarni Paini
    Sukini Wagini Tumini Suyatmi Karsinah Juminten Sukarti Sumiati Parmi Sarinah Katinem
    Ngadinah Poniyem Warsini Sutini Kasiyem Rukmini Sriyati Tugiyem Jumirah Surati Tarmi
    Sumirah Kartini Siti_Aminah Sri_Rahayu Sri_Lestari Suwarti Tuminah Marsini Sukinah
    Sainem Sumini Suparti Wagiyem Satinah Juariah Partini Sulasmi Mujiati Tumirah"""
)
JW_F_FIRST = _pool(
    """Sri*4 Dwi*2 Tri*2 Eka Endang*2 Rina Dian Yuli Puji Retno Ika Nur Siti*2 Titik Ani
    Tutik Yuni Rini Ninik Umi Nanik Wiwik Yayuk Erna Lilik Sulis Dyah Ratna Wahyu Heni
    Yuyun Ari Indah Tatik Nining"""
)
JW_F_SECOND = _pool(
    """Lestari*2 Wahyuni*2 Rahayu*2 Astuti*2 Handayani Susanti Suryani Wulandari
    Kurniawati Purwanti Setyowati Ningsih Hartati Utami Sulistyowati Rahmawati Yuliani
    Pratiwi Widayati Winarsih Indriyani Kusumawati Susilowati Sulistiyani Wijayanti
    Nurjanah Fatimah Haryanti Suprihatin Mulyaningsih Rahmawati Purwaningsih Setyaningsih
    Widyastuti Sumarni Sulastri"""
)
JW_F_YOUNG = _pool(
    """Anggi Ayu Dinda Nadia Putri Annisa Salsa Nanda Tiara Intan Dyah Galuh Laras Sekar
    Wulan Kirana Citra Nabila Dewi Anisa Rara Safira Puspa Aulia Tri Dwi"""
)
JW_F_YOUNG2 = _pool(
    """Pratiwi Lestari Putri Rahmawati Wulandari Safitri Ramadhani Anggraini Puspitasari
    Maharani Kusuma Rahayu Kinanti Setyaningrum Cahyani Purnamasari Ayu Kartika Anjani
    Larasati Saraswati Rahmadani"""
)

# Sundanese
SU_M_OLD = _pool(
    """Ujang*2 Dadang*2 Engkus Odang Jajang Nana Endang Iing Emed Karna Oman Udin Didi
    Momon Aang Atang Enjang Encep Ade Dede Ayi Yayat Mamat Usep Cecep Otong Dudung Entis
    Eman Dayat Jaja Tatang Maman Dadan Ujang Ahmad Rohmat Sobari Aceng Ading Engkos"""
)
SU_M_FIRST = _pool(
    """Asep*4 Ujang Dede Deden Cecep Iwan Yayat Agus Dadan Rudi Hendra Wawan Dadi Rahmat
    Yusuf Ade Andi Encep Aep Yana Dian Nandang Usep Aris Tatang Dodi Ridwan Sandi Budi
    Hilman Irfan Ilham Rizal Kiki Yogi Deni Zainal"""
)
SU_M_SECOND = _pool(
    """Suryana Supriatna Hidayat*2 Permana Kusnadi Sumirat Nurjaman Ruhiyat Sobari Rohman
    Mulyana Setiadi Sudrajat Kurniawan Gunawan Saepudin Saepulloh Rustandi Sutisna
    Wahyudin Ruhimat Kusnandar Komarudin Hermawan Firmansyah Sopandi Supriadi Nugraha
    Ramdani Sunandar Juhana Hendrayana Suparman Solihin Hamdani Taryana Abdullah Sudarma"""
)
SU_F_OLD = _pool(
    """Euis*2 Neneng Imas*2 Iis Cucu Eneng Nining Yati Enok Entin Tati Ai Nani Cicih Ida
    Nunung Ijah Eem Titin Ela Wiwin Teti Yayah Onah Iyah Enah Kokom Aas Cucum Atikah
    Enung Eti Ati Mimin Tuti Iroh Uum Juju Ipah"""
)
SU_F_FIRST = _pool(
    """Euis Neneng Imas Iis Rina Lilis Yeni Elis Ai Nenden Rini Ika Wulan Dewi Siti Nur
    Ida Ani Tina Yuyun Neni Erna Lia Desi Tuti Fitri Sri Pipit Rani Riska Hani Yanti Mira
    Evi Lina Susi Ratna Resti Santi"""
)
SU_F_SECOND = _pool(
    """Nuraeni*2 Rohaeni Kurniasih Komalasari Mulyani Suhaeti Sumiati Marlina Suryani
    Rahmawati Rosita Sulastri Nurhasanah Handayani Herawati Rostika Kartika Setiawati
    Juariah Maryam Yulianti Rohayati Ratnasari Nurhayati Jubaedah Aisyah Apriani
    Sukmawati Nurlaela Hayati Rosmiati Fatimah Nurjanah Kusumawati Suryati Hasanah Lestari
    Wulandari Rohmah Wartini Nurlatifah"""
)

# Bugis
BG_M_OLD = _pool(
    """Baharuddin Sudirman Hasanuddin Sulaiman Ramli Amiruddin Haruna Jamaluddin Basri
    Darwis Kaharuddin Syamsuddin Arifuddin Mustari Tamrin Hamzah Bakri Nasir Rusdi Sukri
    Yunus Baso Beddu Mappa Sahabuddin Syarifuddin Nurdin Ishak Haris Arsyad Rasyid Lukman
    Hasbi Sahrir Kamaruddin Patahuddin Sattu Lahamuddin Jumaing Ambo_Tang Ambo_Dalle
    Ambo_Upe Ambo_Sakka Ambo_Tuo Syamsul_Alam Muhammad_Arsyad Muhammad_Amin Abdul_Hamid
    Abdul_Rasyid Muhammad_Yusuf"""
)
BG_M_MID = _pool(
    """Arsyad Takdir Rahmat Ilham Irwan Syahrir Sudirman Haerul Ridwan Syamsul Akbar
    Firman Ardi Jufri Hasrul Amir Asri Rusli Hamka Syahrul Muhammad_Arsyad Muhammad_Akbar
    Syamsul_Rijal Andi_Baso Sultan Sappe Irfan Marwan Ismail"""
)
BG_F_OLD = _pool(
    """Besse Indo Hasnawati Nurhaedah Hasmiah Khadijah Nurhayati Hasriani Rosdiana Hasnah
    Mariama Hamsiah Nursiah Saenab Rahmatia Hasmawati Nurmiati Haerani Jumriah Sahariah
    Murni Nurjannah Hasna Salmah Rabiah Hadriani Darmawati Hasnidar Sumiati Kasmawati
    Nurhaeni Mardiana Ratna Rostina Suriani Nuraeni Indo_Upe Besse_Tang"""
)
BG_F_MID = _pool(
    """Hasriani Rahmatia Nurhaeni Haslinda Hasmawati Nurul Fitri Rahmawati Suryani
    Ismawati Irmawati Hasriana Megawati Rusmini Sukmawati Sulfiani Darmawati Syamsiah
    Asriani Herlina Hasnidar Ernawati Kurniati Nurfadillah Hasrianti Musdalifah Sitti_Nurhaeni"""
)

# Batak Mandailing / Angkola (mostly Muslim)
MD_M = _pool(
    """Parlaungan Kaharuddin Khoiruddin Syahrin Irwan Hamdani Nasrun Sahrul Sahlan Nurdin
    Ridwan Amran Saparuddin Parluhutan Panusunan Torkis Soripada Lokot Ikhwan Irsan
    Hamonangan Baharuddin Mara_Halim Ali_Imran Ahmad_Rivai Muhammad_Idris Syahrial Darwin
    Mukhlis Syarifuddin Pangihutan Tongku Maraganti Amiruddin Syafaruddin Muhammad_Yunus"""
)
MD_F = _pool(
    """Nurasiah Rosnah Mardiah Nurhalimah Masniari Tetty Lely Nur_Aisyah Masdelina
    Rosmaidah Nurhamidah Siti_Hajar Nurlela Nurhayati Rosdiana Masnah Ernida Ratna Saidah
    Nurintan Nurmala Masta Dahliana Hotnida Asni Nurbaiti Khoiriah Nurdiana Siti_Rahmah
    Rosmawati Nurhasanah Ernawati Fatimah Mariani Delima Nurlan"""
)

# Batak Toba (mostly Christian)
BT_M_OLD = _pool(
    """Marihot Parlindungan Hotman Poltak Binsar Sahat Togar Manahan Torang Bonar Sabar
    Tumpal Pardamean Mangasi Bistok Maruli Lamhot Halomoan Partogi Mangatas Tigor Humala
    Saut Marolop Parulian Jonggi Mangihut Baringin Hasudungan Pangihutan Patar Sahala
    Sarmadan Hotland Bosar Tiopan Manaor Jamaludin"""
)
BT_M_OLD_W = _pool(
    """Johannes Hendrik Albert Robinson Jhonson Bernard Darwin Rudolf Jansen Frans Marthin
    Ferdinand Luhut Kornelius Tumbur Washington Bismark Lamsar Paulus Jonner""",
    western=True,
)
BT_M_MID = _pool(
    """Rudi_Hartono Daniel Jonathan Samuel Martin Ronald Benny Ferdinand Hendra Jefri Roy
    Ricky Jhon Frans Andreas Rikardo Freddy Edison Rinaldi Erwin Jansen Firman Fernando
    Juniarto Charles Togi Immanuel Johannes Yohanes Paulus Petrus Markus Lukas Simon
    Benyamin Rony Hotma Boy Donald Hisar Jhonny Robert Tommy Franky Herbert""",
    western=True,
)
BT_M_SECOND = _pool(
    """Hartono Parulian Halomoan Martua Pardamean Hasiholan Parlindungan Mangatas
    Parsaulian Sahat Tua Hamonangan Binsar Tumpal Marulitua Parningotan Mangapul"""
)
BT_M_YOUNG = _pool(
    """Yosua Christian Kevin Gabriel Michael Nathanael Samuel Daniel Jonathan Immanuel
    Josua Rafael Timotius Evan Elia Ezra Yehezkiel Adven Rio Andreas Hizkia Yohanes Kristian
    Alfredo Fernando Steven Jeremia Reynaldo Marcel Dion Ricardo Bastian Gideon David""",
    western=True,
)
BT_M_YOUNG2 = _pool(
    """Christian Immanuel Pratama Saputra Gabriel Halomoan Parulian Samuel Putra Fernando
    Kristian Nathanael Hamonangan Martua Anugerah"""
)
BT_F_OLD = _pool(
    """Tiurma Rosdiana Lasmaria Mariani Dame Rotua Romauli Sondang Rospita Tiamsa Hotmaida
    Rosmeri Tiominar Mastiur Lasma Rumondang Tiar Rosliana Tiurlan Hotnida Roslina Masta
    Dormaida Saurma Nurmala Erlina Lamria Tiomina Rosmawati Nurhaida Tiurmaida Rosida
    Rosmaida Ramida Taruli Resmi Hotmauli Tiorida Tumiar Nurmaida Pinta"""
)
BT_F_OLD_W = _pool(
    """Maria Marta Elisabeth Kristina Agustina Juliana Magdalena Rosalina Erna Mariana
    Hermina Lena Adelina""",
    western=True,
)
BT_F_MID = _pool(
    """Rita Santi Yohana Monika Maria Debora Ruth Ester Novita Erika Lusiana Mega Lenny
    Rosa Evi Juliana Herlina Friska Marlina Melva Lina Fransiska Elisabeth Rosalina
    Veronika Kristina Agustina Lisbet Yanti Delima Desy Sarah Rini Sri_Rezeki Sinta Lidia
    Mawar Helen Duma""",
    western=True,
)
BT_F_MID2 = _pool(
    """Lamtiur Sarma Rosintan Sondang Romauli Rotua Dame Tiurma Roida Nurcahaya Hotmaida
    Tiur Rumondang Lasmaria"""
)
BT_F_YOUNG = _pool(
    """Grace Natalia Angel Christina Gabriela Yohana Jesika Elisabeth Agnes Clara Theresia
    Sarah Maria Kezia Febiola Gloria Priskila Debora Cindy Olivia Margaretha Stefani Vanesa
    Nova Yemima Tabita Lidia Felisia Yessi Irene Anastasia Ruth Sonia""",
    western=True,
)
BT_F_YOUNG2 = _pool(
    """Natalia Angelina Oktavia Agustina Veronika Kristiani Maria Lestari Romauli Rotua
    Sondang Anugerah Putri Claudia""",
    western=True,
)

# Nias (mostly Christian)
NS_M_OLD = _pool(
    """Faozanolo Sozanolo Aroziduhu Yamonaha Fatolosa Saro Haga Ingatan Berkat Setia
    Iman Sabar Damai Aroma Foarota Sokhi Ama_Saro Fatiaro Ingati Hasrat Harapan"""
)
NS_M_W = _pool(
    """Yosafat Yupiter Yanuarius Martinus Yohanes Agustinus Ferdinand Firman Hendrik
    Yakobus Filipus Nikodemus Otniel Elisama Adolf Yosua Daniel Paulus Markus Amos""",
    western=True,
)
NS_F = _pool(
    """Kasih Murni Yuliana Kristina Meliana Berlian Marlina Ester Sarlina Arlina Nurmala
    Juliana Lidia Mariati Yulianti Serlina Rosalina Elvina Maria Yanti Erlina Sofiana
    Fitriana Yunita Oktavia Kristiani Novalina Delima Anugerah Febriana Imelda Rosmawati
    Sabarina Elisabet Linda Setiawati Damaris Ingatiana Harapan""",
    western=True,
)

# Chinese-Indonesian (Indonesian-style names)
TH_M_OLD = _pool(
    """Suryadi Hendra Budiman Sutanto Hartono Gunadi Suwandi Rusli Johan Hermanto Sugianto
    Efendi Kusnadi Hadi Rudi Edi Aseng Ahong Acong Akiong Aliong Halim Benny Anton Sudarto
    Santoso Hendrik Suryanto Iskandar Teddy Hasan Lukman Alim Hermawan Darmadi Herman
    Jonny Haryanto Edward Tanto Sutrisno Budi Sumitro Yanto"""
)
TH_F_OLD = _pool(
    """Lily Lina Susi Lanny Meliana Yenny Lenny Herawati Suryani Maria Linda Juliana Siska
    Rosalina Mariana Fenny Sulianti Rita Erlina Susanti Yanti Ernawati Aling Amei Elly Wati
    Sumiati Kristina Megawati Inge Lisa Lusi Mariani Tini Sulastri Hartini Lili"""
)
TH_M_MID = _pool(
    """Hendra Andi Rudi Hendrik Johan Willy Ricky Hengky Tommy Edwin Jimmy Irwan Heri Budi
    Ferry Sony Dedi Ronny Kelvin Felix Steven Robert Benny Anton Jerry Leo Edi Hartanto
    Antoni Frengky Welly Agus Darwin Yanto Alex Wilson Jefri Erik Hengki Rudy Sandy
    Suwandi Yohanes""",
    western=True,
)
TH_F_MID = _pool(
    """Lina Yenny Lily Susan Meliana Lilis Cindy Fenny Linda Vivian Yuliana Erika Merry
    Sherly Mega Dewi Novi Siska Lisa Evelyn Veronica Debby Wenny Silvia Irene Angelina
    Christine Yuli Lusiana Fransiska Ivana Yohana Fonny Agnes Natalia Yanti Mariani Winda
    Lidya Eveline Elisabeth Susanti Sherly Rina""",
    western=True,
)
TH_M_YOUNG = _pool(
    """Kevin Kelvin Steven Vincent Jonathan Felix Calvin Jason Nicholas Darren Ryan William
    Justin Edward Hansen Willy Aldo Christopher Matthew Brandon Jefferson Andrew Wilson
    Evan Alvin Ivan Jeremy Gilbert Dylan Marvin Kenneth Richard Samuel Daniel Jordan
    Louis Albert Axel Bryan""",
    western=True,
)
TH_F_YOUNG = _pool(
    """Jessica Angeline Stefanie Michelle Vivian Felicia Natasha Clarissa Cindy Jennifer
    Valencia Cynthia Angela Fiona Gracia Sharon Sherin Vanessa Celine Catherine Chelsea
    Nathania Beatrice Olivia Priscilla Stella Audrey Jovita Amanda Cecilia Evelyn
    Gabriella Jocelyn Joanna Meliana Nadya Tiffany Veronica Yolanda""",
    western=True,
)

# Family names


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


MARGA_TOBA: tuple[str, ...] = _words(
    "Siregar Simanjuntak Sitorus Hutapea Simatupang Situmorang Panjaitan Manurung Sinaga "
    "Pardede Sihombing Tambunan Nainggolan Simbolon Sitompul Hutagalung Pasaribu Silalahi "
    "Marpaung Napitupulu Hutabarat Aritonang Lumbantobing Sianturi Gultom Sibarani Samosir "
    "Simorangkir Purba Damanik Saragih Sembiring Ginting Tarigan Sirait Butarbutar"
)
MARGA_MANDAILING: tuple[str, ...] = _words(
    "Nasution Nasution Lubis Lubis Harahap Harahap Daulay Batubara Hasibuan Hasibuan "
    "Pulungan Rangkuti Matondang Parinduri Siregar Ritonga Dalimunthe Pohan Hutasuhut"
)
MADO_NIAS: tuple[str, ...] = _words(
    "Zebua Zebua Gulo Gulo Telaumbanua Harefa Laia Hulu Ndruru Waruwu Zalukhu Halawa "
    "Lase Mendrofa Zai Giawa Baeha Bate'e Daeli Duha Gea Hia Larosa Nazara Zendrato "
    "Zega Laoli Lahagu Hondro Ziliwu Sarumaha Dakhi"
)
SURNAME_TIONGHOA: tuple[str, ...] = _words(
    "Wijaya Wijaya Wijaya Gunawan Gunawan Salim Salim Tanoto Halim Halim Santoso Santoso "
    "Tanjaya Kusuma Hartanto Susanto Susanto Sugianto Tanuwijaya Setiawan Setiawan "
    "Kurniawan Kurniawan Pranata Sutanto Lukito Gozali Hermawan Tandiono Wibisono Liman "
    "Tanzil Limanto Chandra Effendy Winata Sanjaya Sanjaya Lim Tan Ong Gunadi Hadinata "
    "Lesmana Kosasih Wirawan Irawan Angkasa Widjaja"
)
# "Widjaja" is kept on purpose: an old-spelling surname that children inherit.  Family
# names count as modern forms, so it is not in OLD_SPELLINGS.
for _w in (*MARGA_TOBA, *MARGA_MANDAILING, *MADO_NIAS, *SURNAME_TIONGHOA):
    _ALL_TOKENS.add(_w)

MALAY_TITLES: tuple[str, ...] = ("Tengku", "Tengku", "Tengku", "Wan", "Wan", "Raja")

# Full names that belong to famous people; never produced as a given name.
_FAMOUS: frozenset[str] = frozenset(
    {
        "Joko Widodo",
        "Sri Mulyani",
        "Dewi Sartika",
        "Siti Nurbaya",
        "Siti Nurhaliza",
        "Budi Gunawan",
        "Rudi Hartono",
        "Dedi Mulyadi",
        "Agus Salim",
        "Muhammad Hatta",
        "Rizal Ramli",
        "Ahmad Dhani",
        "Ahmad Yani",
        "Agus Harimurti",
        "Susilo Bambang",
        "Bambang Susilo",
        "Sri Sultan",
    }
)

# Words that must not be combined with each other in one name ("Zahra ... Azzahra").
_STEM: dict[str, str] = {
    "Azzahra": "Zahra",
    "Zahira": "Zahra",
    "Syahputri": "Putri",
    "Syahputra": "Putra",
    "Saputra": "Putra",
    "Saputro": "Putra",
    "Ramadhani": "Ramadhan",
    "Rahmadani": "Ramadhan",
    "Fitriani": "Fitri",
    "Fitria": "Fitri",
    "Nabila": "Nabil",
    "Rizqullah": "Rizky",
    "Alfarisi": "Alfarizi",
    "Prasetya": "Prasetyo",
    "Hafidz": "Hafiz",
    "Fadilah": "Fadillah",
    "Aditya": "Adit",
    "Annisa": "Anisa",
    "Aisyah": "Aisah",
}

# ---------------------------------------------------------------------------
# Plans per (ethnicity, sex): four eras <1965, 1965-1984, 1985-1999, >=2000
# ---------------------------------------------------------------------------


def _muslim_plans(sex: str, old_local: Pool, mid_local: Pool) -> tuple[Plan, ...]:
    """Shared plan shape for Melayu, Minang, Bugis and Mandailing."""
    if sex == "L":
        return (
            _plan(
                (6, M_ISL_OLD),
                (5, old_local),
                (2, M_ISL_OLD2),
                (1, M_PFX, M_ISL_OLD),
            ),
            _plan(
                (3, M_ISL_OLD),
                (3, old_local),
                (3, M_MID_SINGLE),
                (3, mid_local),
                (3, M_MID_FIRST, M_MID_SECOND),
                (1, M_ISL_OLD2),
                (1, M_PFX, M_ISL_OLD),
                (1, M_MID_SOLO),
            ),
            _plan(
                (4, mid_local),
                (5, M_MID_FIRST, M_MID_SECOND),
                (2, M_MID_SINGLE),
                (1, M_PFX, M_MID_FIRST),
                (1, mid_local, M_MID_SECOND),
                (1, M_YOUNG_FIRST, M_YOUNG_SECOND),
                (1, M_MID_SOLO),
            ),
            _plan(
                (6, M_YOUNG_FIRST, M_YOUNG_SECOND),
                (3, M_PFX, M_YOUNG_FIRST, M_YOUNG_THIRD),
                (1, M_YOUNG_SOLO),
                (1, M_MID_FIRST, M_YOUNG_SECOND),
                (1, mid_local, M_YOUNG_SECOND),
            ),
        )
    return (
        _plan(
            (7, F_ISL_OLD),
            (5, old_local),
            (2, F_PFX, F_ISL_OLD1),
        ),
        _plan(
            (3, F_ISL_OLD),
            (3, old_local),
            (4, F_MID_SINGLE),
            (3, mid_local),
            (3, F_MID_FIRST, F_MID_SECOND),
            (1, F_PFX, F_ISL_OLD1),
        ),
        _plan(
            (4, mid_local),
            (5, F_MID_FIRST, F_MID_SECOND),
            (3, F_MID_SINGLE),
            (1, F_PFX, F_MID_SECOND),
            (1, F_YOUNG_FIRST, F_YOUNG_SECOND),
        ),
        _plan(
            (6, F_YOUNG_FIRST, F_YOUNG_SECOND),
            (2, F_YOUNG_FIRST, F_YOUNG_SECOND, F_YOUNG_THIRD),
            (1, F_PFX, F_YOUNG_FIRST),
            (1, F_YOUNG_FIRST),
            (1, F_MID_FIRST, F_YOUNG_SECOND),
        ),
    )


_M_YOUNG_SHARED = ((5, M_YOUNG_FIRST, M_YOUNG_SECOND), (2, M_PFX, M_YOUNG_FIRST, M_YOUNG_THIRD))
_F_YOUNG_SHARED = (
    (5, F_YOUNG_FIRST, F_YOUNG_SECOND),
    (1, F_YOUNG_FIRST, F_YOUNG_SECOND, F_YOUNG_THIRD),
)

_PLANS: dict[tuple[str, str], tuple[Plan, ...]] = {
    ("melayu", "L"): _muslim_plans("L", MEL_M_OLD, MEL_M_MID),
    ("melayu", "P"): _muslim_plans("P", MEL_F_OLD, MEL_F_MID),
    ("minang", "L"): _muslim_plans("L", MIN_M_OLD, MIN_M_MID),
    ("minang", "P"): _muslim_plans("P", MIN_F_OLD, MIN_F_MID),
    ("bugis", "L"): _muslim_plans("L", BG_M_OLD, BG_M_MID),
    ("bugis", "P"): _muslim_plans("P", BG_F_OLD, BG_F_MID),
    ("mandailing", "L"): _muslim_plans("L", MD_M, MD_M),
    ("mandailing", "P"): _muslim_plans("P", MD_F, MD_F),
    ("jawa", "L"): (
        _plan((9, JW_M_OLD), (1, JW_M_FIRST, JW_M_SECOND), (1, M_ISL_OLD), (1, M_PFX, JW_M_OLD)),
        _plan(
            (4, JW_M_OLD),
            (5, JW_M_FIRST, JW_M_SECOND),
            (1, M_MID_FIRST, M_MID_SECOND),
            (1, JW_M_FIRST),
            (1, M_PFX, JW_M_SECOND),
        ),
        _plan(
            (6, JW_M_FIRST, JW_M_SECOND),
            (2, M_MID_FIRST, M_MID_SECOND),
            (1, JW_M_OLD),
            (2, JW_M_YOUNG, JW_M_YOUNG2),
            (1, M_PFX, JW_M_SECOND),
        ),
        _plan(
            (4, JW_M_YOUNG, JW_M_YOUNG2),
            (1, JW_M_YOUNG, JW_M_YOUNG2, M_YOUNG_THIRD),
            *_M_YOUNG_SHARED,
        ),
    ),
    ("jawa", "P"): (
        _plan((9, JW_F_OLD), (2, JW_F_FIRST, JW_F_SECOND), (1, F_ISL_OLD)),
        _plan((4, JW_F_OLD), (6, JW_F_FIRST, JW_F_SECOND), (1, F_MID_FIRST, F_MID_SECOND)),
        _plan(
            (6, JW_F_FIRST, JW_F_SECOND),
            (2, F_MID_FIRST, F_MID_SECOND),
            (1, JW_F_OLD),
            (2, JW_F_YOUNG, JW_F_YOUNG2),
        ),
        _plan((5, JW_F_YOUNG, JW_F_YOUNG2), *_F_YOUNG_SHARED),
    ),
    ("sunda", "L"): (
        _plan((5, SU_M_OLD), (3, SU_M_OLD, SU_M_SECOND), (1, M_ISL_OLD)),
        _plan(
            (4, SU_M_FIRST, SU_M_SECOND),
            (2, SU_M_OLD),
            (1, SU_M_OLD, SU_M_SECOND),
            (1, M_MID_FIRST, M_MID_SECOND),
        ),
        _plan(
            (4, SU_M_FIRST, SU_M_SECOND),
            (2, M_MID_FIRST, M_MID_SECOND),
            (1, SU_M_FIRST),
            (1, M_YOUNG_FIRST, M_YOUNG_SECOND),
        ),
        _plan(*_M_YOUNG_SHARED, (1, SU_M_FIRST, M_YOUNG_SECOND)),
    ),
    ("sunda", "P"): (
        _plan((5, SU_F_OLD), (3, SU_F_OLD, SU_F_SECOND), (1, F_PFX, SU_F_SECOND)),
        _plan(
            (4, SU_F_FIRST, SU_F_SECOND),
            (2, SU_F_OLD),
            (1, SU_F_OLD, SU_F_SECOND),
            (1, F_PFX, SU_F_SECOND),
        ),
        _plan(
            (4, SU_F_FIRST, SU_F_SECOND),
            (2, F_MID_FIRST, F_MID_SECOND),
            (1, F_YOUNG_FIRST, F_YOUNG_SECOND),
        ),
        _plan(*_F_YOUNG_SHARED, (1, SU_F_FIRST, F_YOUNG_SECOND)),
    ),
    ("toba", "L"): (
        _plan(
            (6, BT_M_OLD), (3, BT_M_OLD_W), (1, BT_M_OLD_W, BT_M_SECOND), (1, BT_M_OLD, BT_M_SECOND)
        ),
        _plan((3, BT_M_MID), (2, BT_M_MID, BT_M_SECOND), (3, BT_M_OLD), (1, BT_M_OLD_W)),
        _plan((4, BT_M_MID), (2, BT_M_MID, BT_M_SECOND), (1, BT_M_OLD), (2, BT_M_YOUNG)),
        _plan((5, BT_M_YOUNG), (3, BT_M_YOUNG, BT_M_YOUNG2), (1, BT_M_MID)),
    ),
    ("toba", "P"): (
        _plan((6, BT_F_OLD), (3, BT_F_OLD_W), (1, BT_F_OLD_W, BT_F_MID2)),
        _plan((3, BT_F_OLD), (3, BT_F_MID), (2, BT_F_MID2), (1, BT_F_MID, BT_F_MID2)),
        _plan((4, BT_F_MID), (1, BT_F_MID2), (1, BT_F_MID, BT_F_MID2), (2, BT_F_YOUNG)),
        _plan((4, BT_F_YOUNG), (4, BT_F_YOUNG, BT_F_YOUNG2), (1, BT_F_MID)),
    ),
    ("nias", "L"): (
        _plan((5, NS_M_OLD), (4, NS_M_W)),
        _plan((3, NS_M_OLD), (4, NS_M_W), (2, BT_M_MID)),
        _plan((2, NS_M_OLD), (3, NS_M_W), (3, BT_M_MID), (2, BT_M_YOUNG)),
        _plan((5, BT_M_YOUNG), (2, BT_M_YOUNG, BT_M_YOUNG2), (1, NS_M_OLD)),
    ),
    ("nias", "P"): (
        _plan((1, NS_F)),
        _plan((4, NS_F), (1, BT_F_MID)),
        _plan((3, NS_F), (2, BT_F_MID), (2, BT_F_YOUNG)),
        _plan((4, BT_F_YOUNG), (3, BT_F_YOUNG, BT_F_YOUNG2), (1, NS_F)),
    ),
    ("tionghoa", "L"): (
        _plan((6, TH_M_OLD), (1, TH_M_MID)),
        _plan((3, TH_M_OLD), (5, TH_M_MID)),
        _plan((5, TH_M_MID), (3, TH_M_YOUNG)),
        _plan((5, TH_M_YOUNG), (3, TH_M_YOUNG, TH_M_YOUNG)),
    ),
    ("tionghoa", "P"): (
        _plan((6, TH_F_OLD), (1, TH_F_MID)),
        _plan((3, TH_F_OLD), (5, TH_F_MID)),
        _plan((5, TH_F_MID), (3, TH_F_YOUNG)),
        _plan((5, TH_F_YOUNG), (3, TH_F_YOUNG, TH_F_YOUNG)),
    ),
}

# ---------------------------------------------------------------------------
# Spelling variants
# ---------------------------------------------------------------------------

# canonical -> ((variant, share of all occurrences of the canonical name), ...)
_MODERN: dict[str, tuple[tuple[str, float], ...]] = {
    "Muhammad": (
        ("Muhamad", 0.12),
        ("Mohammad", 0.07),
        ("Mohamad", 0.05),
        ("Muhammat", 0.025),
        ("Moh.", 0.05),
        ("M.", 0.14),
        ("Mhd.", 0.02),
    ),
    "Siti": (("Sity", 0.03), ("St.", 0.06), ("Sitti", 0.04)),
    "Nur": (("Noor", 0.05),),
    "Abdul": (("Abd.", 0.12),),
    "Rizky": (("Rizki", 0.3), ("Risky", 0.08), ("Rizqi", 0.06), ("Riski", 0.05), ("Rizqy", 0.02)),
    "Fitri": (("Fitry", 0.06), ("Fitriy", 0.02)),
    "Dewi": (("Dewy", 0.04),),
    "Syamsuddin": (("Syamsudin", 0.2), ("Samsudin", 0.15), ("Samsuddin", 0.05)),
    "Yusuf": (("Yusup", 0.1), ("Yusuff", 0.01)),
    "Zainal": (("Zaenal", 0.2), ("Jaenal", 0.03)),
    "Rahmat": (("Rachmat", 0.1), ("Rahmad", 0.1), ("Rakhmat", 0.02)),
    "Ahmad": (("Achmad", 0.1), ("Akhmad", 0.05), ("Ahmat", 0.02)),
    "Khairul": (("Chairul", 0.1), ("Hairul", 0.1), ("Khoirul", 0.08), ("Khaerul", 0.03)),
    "Syaiful": (("Saiful", 0.25), ("Syaifullah", 0.05), ("Syaipul", 0.03)),
    "Nurhayati": (("Nurhaiyati", 0.03), ("Nurhayaty", 0.02)),
    "Rahmawati": (("Rachmawati", 0.08),),
    "Fauzi": (("Fauzy", 0.1),),
    "Hendri": (("Hendry", 0.2),),
    "Yeni": (("Yenni", 0.2), ("Yenny", 0.15)),
    "Heri": (("Herry", 0.15), ("Hery", 0.1)),
    "Edi": (("Eddy", 0.15), ("Edy", 0.15)),
    "Rudi": (("Rudy", 0.2),),
    "Dedi": (("Dedy", 0.2), ("Deddy", 0.05)),
    "Andi": (("Andy", 0.06),),
    "Zulkifli": (("Zulkifly", 0.05),),
    "Hasan": (("Hassan", 0.05),),
    "Husin": (("Husein", 0.15), ("Husain", 0.1)),
    "Ibrahim": (("Ibrohim", 0.05),),
    "Ramadhan": (("Ramadan", 0.1), ("Ramdhan", 0.05)),
    "Ramadhani": (("Ramadani", 0.1),),
    "Fadhil": (("Fadil", 0.3),),
    "Hafiz": (("Hafidz", 0.2), ("Hafidh", 0.05)),
    "Aisyah": (("Aisah", 0.08), ("Aisya", 0.05)),
    "Khadijah": (("Hadijah", 0.15), ("Khodijah", 0.08)),
    "Zubaidah": (("Zubaedah", 0.15),),
    "Sulaiman": (("Sulaeman", 0.15),),
    "Saleh": (("Soleh", 0.15), ("Sholeh", 0.1)),
    "Setiawan": (("Setyawan", 0.1),),
    "Prasetyo": (("Prasetio", 0.08),),
    "Susanti": (("Susanty", 0.08),),
    "Yanti": (("Yanty", 0.08),),
    "Azzahra": (("Az-Zahra", 0.15), ("Azahra", 0.1)),
    "Khairunnisa": (("Khoirunnisa", 0.15), ("Chairunnisa", 0.05)),
    "Syafrizal": (("Safrizal", 0.15),),
    "Syahrial": (("Sahrial", 0.1),),
    "Zulkarnain": (("Zulkarnaen", 0.15),),
    "Abdullah": (("Abdulah", 0.05),),
    "Taufik": (("Taufiq", 0.2),),
    "Ikhsan": (("Ihsan", 0.3),),
    "Efendi": (("Effendi", 0.2), ("Effendy", 0.1), ("Efendy", 0.05)),
    "Ismail": (("Ismael", 0.05),),
    "Desi": (("Desy", 0.15), ("Dessy", 0.1)),
    "Evi": (("Evy", 0.1),),
    "Febri": (("Febry", 0.1),),
    "Annisa": (("Anisa", 0.3),),
    "Nabila": (("Nabilla", 0.1),),
    "Rayhan": (("Raihan", 0.3), ("Reyhan", 0.1)),
    "Nayla": (("Naila", 0.3),),
    "Kayla": (("Keyla", 0.1),),
    "Salsabila": (("Salsabilla", 0.1),),
    "Saifuddin": (("Syaifuddin", 0.2), ("Saifudin", 0.15)),
    "Jamaluddin": (("Jamaludin", 0.25),),
    "Kamaruddin": (("Kamarudin", 0.25),),
    "Zainuddin": (("Zainudin", 0.25), ("Zaenudin", 0.1)),
    "Baharuddin": (("Baharudin", 0.25),),
    "Nasaruddin": (("Nasarudin", 0.2),),
    "Amiruddin": (("Amirudin", 0.2),),
    "Burhanuddin": (("Burhanudin", 0.2),),
    "Syafruddin": (("Syafrudin", 0.2), ("Safrudin", 0.1)),
    "Hasanuddin": (("Hasanudin", 0.2),),
    "Syarifuddin": (("Syarifudin", 0.2), ("Sarifudin", 0.05)),
    "Mukhtar": (("Muchtar", 0.15), ("Muktar", 0.05)),
    "Bakhtiar": (("Bachtiar", 0.15), ("Baktiar", 0.1)),
    "Khoiruddin": (("Khairuddin", 0.2),),
    "Nurjanah": (("Nurjannah", 0.2),),
    "Fatimah": (("Fatima", 0.05),),
    "Zaki": (("Zaky", 0.1), ("Dzaki", 0.0)),  # share 0.0: known for linkage, not generated
    "Sulastri": (("Sulastry", 0.02),),
    "Rosmawati": (("Rosmawaty", 0.02),),
    "Wahyuni": (("Wahyuny", 0.02),),
    "Sumarni": (("Sumarny", 0.02),),
}

# Explicitly listed old spellings for words that are not in the pools (linkage only).
_EXTRA_OLD: dict[str, tuple[str, ...]] = {
    "Cut": ("Tjut",),
    "Nyoman": ("Njoman",),
    "Cahyo": ("Tjahjo", "Tjahyo"),
    "Suharto": ("Soeharto",),
    "Sukarno": ("Soekarno",),
}


def _old_convert(word: str, *, j: bool, y: bool, c: bool, u: bool, kh: bool) -> str:
    """Apply Dutch-era / Republican (pre-1972) spelling rules to one word."""
    low = word.lower()
    out: list[str] = []
    i = 0
    n = len(low)
    while i < n:
        ch = low[i]
        if kh and ch == "k" and i + 1 < n and low[i + 1] == "h":
            out.append("ch")
            i += 2
            continue
        if j and ch == "j":
            out.append("dj")
        elif y and ch == "y" and i + 1 < n and low[i + 1] in "aeiou":
            out.append("j")  # consonant y only; a final vowel-y (Rizky) stays
        elif c and ch == "c":
            out.append("tj")
        elif u and ch == "u" and not (i > 0 and low[i - 1] in "ao"):
            out.append("oe")
        else:
            out.append(ch)
        i += 1
    s = "".join(out)
    return s[0].upper() + s[1:] if s else s


def _build_variants() -> tuple[
    dict[str, tuple[str, ...]],
    dict[str, tuple[str, ...]],
    dict[str, tuple[str, ...]],
    frozenset[str],
]:
    modern_forms = set(_ALL_TOKENS)
    for pairs in _MODERN.values():
        modern_forms.update(v for v, _ in pairs)

    early: dict[str, tuple[str, ...]] = {}  # born before 1950 (van Ophuijsen, oe common)
    late: dict[str, tuple[str, ...]] = {}  # born 1950-1975 (Republican spelling, oe rarer)
    old_all: dict[str, list[str]] = {}
    for word in sorted(_NATIVE_TOKENS):
        full = _old_convert(word, j=True, y=True, c=True, u=True, kh=True)
        repub = _old_convert(word, j=True, y=True, c=True, u=False, kh=True)
        only_u = _old_convert(word, j=False, y=False, c=False, u=True, kh=False)

        def keep(forms: list[str], word: str = word) -> tuple[str, ...]:
            # a form that is unchanged or collides with a modern name stays modern
            return tuple(word if f in modern_forms else f for f in forms)

        e = keep([full] * 3 + [repub] * 3 + [only_u] * 2)
        la = keep([repub] * 8 + [only_u, full])
        if any(f != word for f in e):
            early[word] = e
        if any(f != word for f in la):
            late[word] = la
        forms = [f for f in dict.fromkeys(e + la) if f != word]
        if forms:
            old_all[word] = forms
    for word, forms in _EXTRA_OLD.items():
        old_all.setdefault(word, [])
        old_all[word] = list(dict.fromkeys([*old_all[word], *forms]))
    variants: dict[str, tuple[str, ...]] = {}
    for canon in sorted(set(_MODERN) | set(old_all)):
        vs = [v for v, _ in _MODERN.get(canon, ())] + old_all.get(canon, [])
        variants[canon] = tuple(dict.fromkeys(v for v in vs if v != canon))
    old_only = frozenset(f for forms in old_all.values() for f in forms) - modern_forms
    return variants, early, late, old_only


VARIANTS: dict[str, tuple[str, ...]]
VARIANTS, _OLD_EARLY, _OLD_LATE, OLD_SPELLINGS = _build_variants()

# Hot-path table: word -> (total probability, ((cumulative probability, variant), ...))
_SPELL: dict[str, tuple[float, tuple[tuple[float, str], ...]]] = {}
for _canon, _pairs in _MODERN.items():
    _cum = 0.0
    _steps: list[tuple[float, str]] = []
    for _v, _p in _pairs:
        if _p > 0:
            _cum += _p
            _steps.append((_cum, _v))
    if _steps:
        _SPELL[_canon] = (_cum, tuple(_steps))


def _groups(source: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Every spelling -> all spellings of its name (union of overlapping groups)."""
    sets: dict[str, set[str]] = {}
    for canon, vs in source.items():
        group = {canon, *vs}
        for form in list(group):
            if form in sets:
                group |= sets[form]
        for form in group:
            sets[form] = group
    return {form: tuple(sorted(group)) for form, group in sets.items()}


_GROUPS = _groups(VARIANTS)
_MODERN_GROUPS = _groups({c: tuple(v for v, _ in pairs) for c, pairs in _MODERN.items()})


def spelling_variant(name: str, rng: random.Random) -> str:
    """Return ``name`` with one word respelled as another known variant.

    One word that has known variants (modern or old spelling, see :data:`VARIANTS`;
    variants of variants work too, e.g. ``Muhamad`` -> ``Muhammad``) is picked at random
    and replaced; modern variants are preferred (3 of 4).  Abbreviations such as
    ``M.`` are never put in last position.  A name without any known variant is returned
    unchanged.  All-caps words stay all caps.
    """
    words = name.split()
    if not words:
        return name
    last = len(words) - 1
    candidates: list[tuple[int, str, bool]] = []
    for i, word in enumerate(words):
        core = word.rstrip(",")
        upper = False
        key = core
        if key not in _GROUPS and core.isupper():
            key, upper = core.title(), True
        if key in _GROUPS:
            candidates.append((i, key, upper))
    if not candidates:
        return name
    i, key, upper = candidates[int(rng.random() * len(candidates))]
    pool = _MODERN_GROUPS.get(key) if rng.random() < 0.75 else None
    if pool is None:
        pool = _GROUPS[key]
    options = [f for f in pool if f != key and not (i == last and f.endswith("."))]
    if not options:
        options = [f for f in _GROUPS[key] if f != key and not (i == last and f.endswith("."))]
        if not options:
            return name
    new = options[int(rng.random() * len(options))]
    if upper:
        new = new.upper()
    if words[i].endswith(","):
        new += ","
    words[i] = new
    return " ".join(words)


# ---------------------------------------------------------------------------
# Core generation
# ---------------------------------------------------------------------------


def _old_table(rng: random.Random, birth_year: int) -> dict[str, tuple[str, ...]] | None:
    """Old-spelling table for a person who writes the name the old way, else None."""
    r = rng.random()
    if birth_year < 1945:
        return _OLD_EARLY if r < 0.4 else None
    if birth_year < 1950:
        return _OLD_EARLY if r < 0.3 else None
    if birth_year < 1958:
        return _OLD_LATE if r < 0.25 else None
    if birth_year < 1966:
        return _OLD_LATE if r < 0.16 else None
    if birth_year < 1972:
        return _OLD_LATE if r < 0.08 else None
    return _OLD_LATE if r < 0.03 else None


def _given(rng: random.Random, plans: tuple[Plan, ...], birth_year: int) -> str:
    """Draw a given name (one to three words) with era, variants and old spelling."""
    rand = rng.random
    eff = birth_year + int(rand() * 9) - 4
    plan = plans[0 if eff < 1965 else 1 if eff < 1985 else 2 if eff < 2000 else 3]
    n = len(plan)
    words: tuple[str, ...] | list[str] = ()
    for _ in range(5):
        pattern = plan[int(rand() * n)]
        if len(pattern) == 1:
            pool = pattern[0]
            words = pool[int(rand() * len(pool))]
            break
        words = []
        for pool in pattern:
            words += pool[int(rand() * len(pool))]
        if len({_STEM.get(w, w) for w in words}) == len(words) and (" ".join(words) not in _FAMOUS):
            break
    old = _old_table(rng, birth_year) if birth_year < 1976 else None
    out: list[str] = []
    last = len(words) - 1
    spell = _SPELL
    for i, w in enumerate(words):
        if old is not None:
            forms = old.get(w)
            if forms is not None:
                f = forms[int(rand() * len(forms))]
                if f != w:
                    out.append(f)
                    continue
        s = spell.get(w)
        if s is not None:
            r = rand()
            if r < s[0]:
                for cum, v in s[1]:
                    if r < cum:
                        if i != last or v[-1] != ".":
                            w = v
                        break
        out.append(w)
    return " ".join(out)


# ---------------------------------------------------------------------------
# Birth places
# ---------------------------------------------------------------------------


def _places(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in text.split(","):
        name, _, times = raw.strip().partition("*")
        out.extend([name.strip()] * (int(times) if times else 1))
    return tuple(out)


_RIAU_NEAR = _places(
    "Kampar*3, Bangkinang*2, Siak*2, Dumai*2, Bengkalis*2, Pangkalan Kerinci, Rengat, "
    "Teluk Kuantan, Tembilahan, Bagan Siapiapi, Selatpanjang, Pasir Pengaraian, Perawang"
)
_MIGRANT_PLACES: dict[str, tuple[str, ...]] = {
    "melayu": _places(
        "Bengkalis*4, Siak*4, Dumai*3, Kampar*3, Bangkinang*2, Rengat*2, Tembilahan*2, "
        "Selatpanjang*2, Bagan Siapiapi, Teluk Kuantan*2, Tanjung Pinang*2, Batam, "
        "Tanjung Balai Karimun, Pasir Pengaraian, Pangkalan Kerinci, Jambi, Palembang, "
        "Medan, Jakarta"
    ),
    "minang": _places(
        "Padang*6, Bukittinggi*5, Payakumbuh*4, Padang Panjang*2, Solok*2, Pariaman*3, "
        "Batusangkar*2, Lubuk Sikaping, Painan, Sawahlunto, Maninjau, Lubuk Basung, "
        "Kampar*2, Bangkinang*2, Jakarta, Medan, Jambi"
    ),
    "jawa": _places(
        "Yogyakarta*3, Surakarta*2, Semarang*3, Surabaya*3, Kediri*2, Malang*2, Klaten*2, "
        "Purworejo*2, Kebumen*2, Madiun, Ponorogo*2, Banyumas, Wonogiri*2, Blitar, Jakarta*2, "
        "Kampar*2, Pelalawan, Rokan Hulu, Siak, Medan*2, Palembang, Jambi, Lampung"
    ),
    "batak": _places(
        "Medan*6, Tarutung*4, Sibolga*3, Padang Sidempuan*4, Pematang Siantar*4, Balige*3, "
        "Panyabungan*2, Porsea, Rantau Prapat*2, Kisaran, Sipirok*2, Pangururan, Dumai*2, "
        "Duri, Jakarta"
    ),
    "tionghoa": _places(
        "Bagan Siapiapi*4, Selatpanjang*4, Medan*3, Tanjung Pinang*2, Bengkalis*2, Dumai*2, "
        "Jakarta*2, Padang, Tembilahan, Batam*2, Pematang Siantar"
    ),
    "sunda": _places(
        "Bandung*4, Bogor*2, Sukabumi*2, Garut*3, Tasikmalaya*3, Cianjur*2, Ciamis*2, "
        "Sumedang, Kuningan, Majalengka, Jakarta*2, Kampar"
    ),
    "bugis": _places(
        "Makassar*3, Watampone*3, Sengkang*3, Soppeng*2, Parepare*2, Sidrap, Pinrang, "
        "Tembilahan*4, Tanjung Pinang, Batam, Kuala Enok"
    ),
    "nias": _places(
        "Gunungsitoli*6, Teluk Dalam*3, Sibolga*2, Medan*2, Lahewa, Padang, Lotu, Gido"
    ),
}


def _birth_place(rng: random.Random, ethnicity: str, migrant: bool) -> str:
    if not migrant:
        if rng.random() < 0.9:
            return "Pekanbaru"
        return _RIAU_NEAR[int(rng.random() * len(_RIAU_NEAR))]
    places = _MIGRANT_PLACES.get(ethnicity, _MIGRANT_PLACES["melayu"])
    return places[int(rng.random() * len(places))]


# ---------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------

_CUM_ETHNICITY: tuple[tuple[float, str], ...] = tuple(
    (sum(list(ETHNICITY_WEIGHTS.values())[: i + 1]), eth) for i, eth in enumerate(ETHNICITY_WEIGHTS)
)
_VALID_SEX = ("L", "P")
_VALID_REL = frozenset(RELATIONSHIPS)


class FamilyNaming:
    """Naming context for one household (shared marga/surname, father's name, title).

    Name the head first: children then carry the head's marga/surname and, for Malay and
    Minang ``bin``/``binti`` forms, the head's given name.
    """

    __slots__ = (
        "_bin_rate",
        "_br_rate",
        "_father",
        "_head_father",
        "_head_father_year",
        "_head_sex",
        "_parent_father_done",
        "_plans_l",
        "_plans_p",
        "_rng",
        "_title",
        "_wife_surname",
        "ethnicity",
        "subgroup",
        "surname",
    )

    def __init__(self, rng: random.Random, ethnicity: str) -> None:
        if ethnicity not in ETHNICITY_WEIGHTS:
            raise ValueError(f"unknown ethnicity {ethnicity!r}")
        self._rng = rng
        self.ethnicity = ethnicity
        self.subgroup = ethnicity
        self.surname: str | None = None  # marga / mado / family name, if the group has one
        self._wife_surname: str | None = None
        self._title: str | None = None
        self._bin_rate = 0.0
        self._br_rate = 0.0
        self._father: str | None = None
        self._head_father: str | None = None
        self._head_father_year = 0
        self._head_sex: str | None = None
        self._parent_father_done = False
        r = rng.random
        if ethnicity == "batak":
            if r() < 0.4:
                self.subgroup = "mandailing"
                own, other, self._br_rate = MARGA_MANDAILING, MARGA_TOBA, 0.25
            else:
                self.subgroup = "toba"
                own, other, self._br_rate = MARGA_TOBA, MARGA_MANDAILING, 0.55
            self.surname = own[int(r() * len(own))]
            self._wife_surname = self._other_surname(own if r() < 0.8 else other)
        elif ethnicity == "nias":
            self.surname = MADO_NIAS[int(r() * len(MADO_NIAS))]
            self._wife_surname = self._other_surname(MADO_NIAS)
        elif ethnicity == "tionghoa":
            self.surname = SURNAME_TIONGHOA[int(r() * len(SURNAME_TIONGHOA))]
            self._wife_surname = self._other_surname(SURNAME_TIONGHOA) if r() < 0.8 else ""
        elif ethnicity == "melayu":
            self._bin_rate = 0.11
            if r() < 0.04:
                self._title = MALAY_TITLES[int(r() * len(MALAY_TITLES))]
        elif ethnicity == "minang":
            self._bin_rate = 0.08
        elif ethnicity == "bugis" and r() < 0.12:
            self._title = "Andi"
        self._plans_l = _PLANS[(self.subgroup, "L")]
        self._plans_p = _PLANS[(self.subgroup, "P")]

    def _other_surname(self, pool: tuple[str, ...]) -> str:
        for _ in range(10):
            s = pool[int(self._rng.random() * len(pool))]
            if s != self.surname:
                return s
        return pool[0] if pool[0] != self.surname else pool[-1]

    def birth_place(self, *, migrant: bool) -> str:
        return _birth_place(self._rng, self.ethnicity, migrant)

    def _family_line(self, sex: str, relationship: str) -> bool:
        """Does this person carry the household's patrilineal surname/title?"""
        if relationship == "head":
            return sex == "L"
        if relationship == "spouse":
            return sex == "L"
        if relationship == "child":
            return True
        if relationship == "grandchild":
            return self._rng.random() < 0.7
        if relationship == "parent":
            return sex == "L" and self._head_sex != "P"
        return self._rng.random() < 0.5  # other_relative

    def person_name(self, *, sex: str, relationship: str, birth_year: int) -> str:
        if sex not in _VALID_SEX:
            raise ValueError(f"sex must be 'L' or 'P', not {sex!r}")
        if relationship not in _VALID_REL:
            raise ValueError(f"unknown relationship {relationship!r}")
        rng = self._rng
        if relationship == "head":
            self._head_sex = sex
        given = _given(rng, self._plans_l if sex == "L" else self._plans_p, birth_year)
        eth = self.ethnicity

        if self.surname is not None:  # batak, nias, tionghoa
            if self._family_line(sex, relationship):
                sur = self.surname
            elif relationship in ("head", "spouse"):
                sur = self._wife_surname
            elif relationship == "parent" and self._head_sex == "P":
                sur = (
                    self._wife_surname if sex == "L" else self._other_surname(self._surname_pool())
                )
            else:
                sur = self._other_surname(self._surname_pool())
            if not sur:
                return given
            if sex == "P" and self._br_rate and rng.random() < self._br_rate:
                return f"{given} br. {sur}"
            return f"{given} {sur}"

        name = given
        if self._title is not None and self._family_line(sex, relationship):
            title = self._title
            if title == "Tengku" and rng.random() < 0.2:
                title = "T."
            name = f"{title} {given}"

        if eth == "melayu" or eth == "minang":
            if sex == "L" and (
                relationship == "head" or (relationship == "spouse" and self._father is None)
            ):
                self._father = given
            elif relationship == "parent" and sex == "L" and not self._parent_father_done:
                self._parent_father_done = True
                hf_year = self._head_father_year
                if self._head_father is None:
                    self._head_father, self._head_father_year = given, birth_year
                elif abs(hf_year - birth_year) <= 12 and (hf_year < 1976) == (birth_year < 1976):
                    return self._head_father  # the head's "bin ..." father is this person
            if rng.random() < self._bin_rate:
                father = self._father_of(relationship, birth_year)
                return f"{name} {'bin' if sex == 'L' else 'binti'} {father}"
        return name

    def _surname_pool(self) -> tuple[str, ...]:
        if self.ethnicity == "batak":
            return MARGA_MANDAILING if self.subgroup == "mandailing" else MARGA_TOBA
        if self.ethnicity == "nias":
            return MADO_NIAS
        return SURNAME_TIONGHOA

    def _father_of(self, relationship: str, birth_year: int) -> str:
        rng = self._rng
        if relationship == "child":
            if self._father is None:
                self._father = _given(rng, self._plans_l, birth_year - 28)
            return self._father
        if relationship == "head":
            if self._head_father is None:
                self._head_father_year = birth_year - 28
                self._head_father = _given(rng, self._plans_l, birth_year - 28)
            return self._head_father
        return _given(rng, self._plans_l, birth_year - 28)


class NameGenerator:
    """Entry point: households by Pekanbaru-like ethnic weights, and birth places."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._last_ethnicity: str | None = None

    def family(self, ethnicity: str | None = None) -> FamilyNaming:
        """New household naming context; ``ethnicity`` forces the group (tests, demos)."""
        if ethnicity is None:
            r = self._rng.random()
            ethnicity = _CUM_ETHNICITY[-1][1]
            for cum, eth in _CUM_ETHNICITY:
                if r < cum:
                    ethnicity = eth
                    break
        fam = FamilyNaming(self._rng, ethnicity)
        self._last_ethnicity = ethnicity
        return fam

    def birth_place(self, *, migrant: bool, ethnicity: str | None = None) -> str:
        """Place of birth; migrants' places suit ``ethnicity`` (default: last family's)."""
        eth = ethnicity or self._last_ethnicity or "melayu"
        return _birth_place(self._rng, eth, migrant)


# ---------------------------------------------------------------------------
# Titles
# ---------------------------------------------------------------------------

_REF_YEAR = 2025
_PREFIX_TITLES = frozenset({"H.", "Hj.", "Drs.", "Dra.", "Ir.", "Dr.", "dr.", "Prof."})
_NON_MUSLIM = frozenset({"tionghoa", "nias"})
_SUFFIX_NEW = (
    "S.Pd.",
    "S.Pd.",
    "S.Pd.",
    "S.E.",
    "S.E.",
    "S.H.",
    "S.Sos.",
    "S.Ag.",
    "S.Kom.",
    "S.T.",
    "S.Kep.",
    "A.Md.",
    "A.Md.",
    "S.Pd.I.",
    "S.IP.",
    "M.Pd.",
)


def honorific(
    rng: random.Random, sex: str, birth_year: int, *, ethnicity: str | None = None
) -> str:
    """A title as a data source might write it, or ``""`` (most of the time).

    Hajj titles (``H.``/``Hj.``) for older Muslims, ``Drs.``/``Dra.``/``Ir.`` for people
    who graduated before the 1990s, bachelor/diploma suffixes (``S.Pd.`` ...) otherwise.
    Roughly 3% of adults get one.  ``ethnicity`` (optional) suppresses hajj titles for
    mainly non-Muslim groups.
    """
    age = _REF_YEAR - birth_year
    if age < 21:
        return ""
    r = rng.random()
    hajj = 0.0
    if ethnicity not in _NON_MUSLIM:
        hajj = 0.06 if birth_year < 1960 else 0.03 if birth_year < 1975 else 0.008
        if ethnicity == "batak":
            hajj *= 0.4
    if r < hajj:
        return "H." if sex == "L" else "Hj."
    if r < hajj + 0.014:
        if birth_year < 1970:
            if rng.random() < 0.3:
                return "Ir."
            return "Drs." if sex == "L" else "Dra."
        return _SUFFIX_NEW[int(rng.random() * len(_SUFFIX_NEW))]
    return ""


def with_honorific(name: str, title: str) -> str:
    """Place a prefix title before (``H. Name``) or an academic one after (``Name, S.Pd.``)."""
    title = title.strip()
    if not title:
        return name
    if title in _PREFIX_TITLES or title.split()[0] in _PREFIX_TITLES:
        return f"{title} {name}"
    return f"{name}, {title}"


def pool_sizes() -> dict[str, int]:
    """Distinct given-name words and distinct given-name entries per sex."""
    words: dict[str, set[str]] = {"L": set(), "P": set()}
    entries: dict[str, set[tuple[str, ...]]] = {"L": set(), "P": set()}
    for (_, sex), plans in _PLANS.items():
        for plan in plans:
            for pattern in plan:
                for pool in pattern:
                    entries[sex].update(pool)
                    for entry in pool:
                        words[sex].update(entry)
    return {
        "male_words": len(words["L"]),
        "female_words": len(words["P"]),
        "male_entries": len(entries["L"]),
        "female_entries": len(entries["P"]),
    }

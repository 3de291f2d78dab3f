# DSPAM's virtual users table for MySQL.
create table dspam_virtual_uids (
  uid int unsigned not null primary key auto_increment,
  username varchar(128)
) engine=MyISAM;
create unique index id_virtual_uids_01 on dspam_virtual_uids(username);
